package dev.slidr.inference.bundle;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Small whole-file operations over a Flink {@link FileSystem}: bounded reads, atomic replacement
 * (temp file + rename), SHA-256. Flink's file system API has no "read all" or "replace" of its own,
 * and these are the only operations bundles and the registry need.
 */
final class StoredFiles {

    private StoredFiles() {}

    /** A local directory as a Flink path ({@code file:/...}, no trailing slash). */
    static Path local(java.nio.file.Path dir) {
        return new Path(dir.toAbsolutePath().normalize().toUri().toString());
    }

    /** The lower-case hex SHA-256 of some bytes. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Reads a whole file, refusing one larger than {@code maxBytes} (checked on the listed length
     * and again while reading, since a file may grow in between).
     *
     * @throws FileNotFoundException when the file does not exist
     */
    static byte[] readAll(Path file, long maxBytes) throws IOException {
        FileSystem fs = file.getFileSystem();
        FileStatus status = fs.getFileStatus(file);
        if (status.isDir()) {
            throw new IOException(file + " is a directory, not a file");
        }
        if (status.getLen() > maxBytes) {
            throw new IOException(
                    file
                            + " has "
                            + status.getLen()
                            + " bytes, more than the limit of "
                            + maxBytes);
        }
        try (InputStream in = fs.open(file)) {
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream((int) Math.max(0, status.getLen()));
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(
                            file + " grew beyond the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Writes a new file; fails when it exists. */
    static void writeNew(Path file, byte[] bytes) throws IOException {
        FileSystem fs = file.getFileSystem();
        try (FSDataOutputStream out = fs.create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(bytes);
            out.sync();
        }
    }

    /**
     * Replaces (or creates) a file so that readers see either the old or the new content, never a
     * part: writes a hidden temp file beside it, then renames it over the target. On a local file
     * system the rename is atomic; on object stores a single object is replaced as a whole.
     */
    static void replaceAtomically(Path file, byte[] bytes) throws IOException {
        FileSystem fs = file.getFileSystem();
        Path tmp =
                new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(bytes);
            if (out instanceof FSDataOutputStream data) {
                data.sync();
            }
        }
        boolean renamed;
        try {
            renamed = fs.rename(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw e;
        }
        if (!renamed) {
            deleteQuietly(tmp);
            throw new IOException("could not rename " + tmp + " to " + file);
        }
    }

    /** The entries of a directory; empty when it does not exist. */
    static List<FileStatus> list(Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem();
        FileStatus[] entries;
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            entries = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        return entries == null ? List.of() : new ArrayList<>(List.of(entries));
    }

    static boolean exists(Path path) throws IOException {
        return path.getFileSystem().exists(path);
    }

    static void deleteQuietly(Path path) {
        try {
            path.getFileSystem().delete(path, true);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the caller is already reporting the failure that led here
        }
    }
}
