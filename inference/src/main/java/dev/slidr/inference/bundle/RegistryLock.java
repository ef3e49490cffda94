package dev.slidr.inference.bundle;

import dev.slidr.inference.bundle.ModelRegistryException.Reason;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.UUID;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * {@code registry.lock}: held by one writer of {@code registry.json} at a time. The file holds the
 * owner (pid@host), when it was taken and a random token.
 *
 * <p>On a local file system the lock is created with {@code O_EXCL} ({@link Files#createFile}),
 * which is atomic. Flink's generic {@code create(NO_OVERWRITE)} checks and creates in two steps and
 * object stores have no create-if-absent at all, so there the lock is read back after writing and
 * the token compared; a writer that lost a race notices. The registry's revision check ({@link
 * ModelRegistry}) is the second line of defence. A lock left behind by a crashed process is never
 * broken automatically: the error says who holds it and which file to delete.
 */
final class RegistryLock implements AutoCloseable {

    static final String LOCK_FILE = "registry.lock";

    private final Path file;
    private final String token;

    private RegistryLock(Path file, String token) {
        this.file = file;
        this.token = token;
    }

    static RegistryLock acquire(Path root, Clock clock) throws IOException {
        Path file = new Path(root, LOCK_FILE);
        String token = UUID.randomUUID().toString();
        String content = owner() + " " + clock.instant() + " " + token + "\n";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        FileSystem fs = file.getFileSystem();
        if (fs instanceof LocalFileSystem localFs) {
            File local = localFs.pathToFile(file);
            try {
                Files.createDirectories(local.toPath().getParent());
                Files.createFile(local.toPath());
            } catch (FileAlreadyExistsException e) {
                throw locked(file);
            }
            try {
                Files.write(local.toPath(), bytes);
            } catch (IOException e) {
                Files.deleteIfExists(local.toPath());
                throw e;
            }
            return new RegistryLock(file, token);
        }
        if (fs.exists(file)) {
            throw locked(file);
        }
        try {
            StoredFiles.writeNew(file, bytes);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw locked(file);
        }
        byte[] back = StoredFiles.readAll(file, 4096);
        if (!new String(back, StandardCharsets.UTF_8).contains(token)) {
            throw locked(file);
        }
        return new RegistryLock(file, token);
    }

    /** Deletes the lock, unless someone removed it and another writer took it meanwhile. */
    @Override
    public void close() throws IOException {
        byte[] content;
        try {
            content = StoredFiles.readAll(file, 4096);
        } catch (FileNotFoundException e) {
            return;
        }
        if (new String(content, StandardCharsets.UTF_8).contains(token)) {
            file.getFileSystem().delete(file, false);
        }
    }

    private static ModelRegistryException locked(Path file) {
        String holder;
        try {
            holder = new String(StoredFiles.readAll(file, 4096), StandardCharsets.UTF_8).trim();
        } catch (FileNotFoundException e) {
            holder = "a writer that has just released it";
        } catch (IOException e) {
            holder = "an unknown writer (" + e.getMessage() + ")";
        }
        return new ModelRegistryException(
                Reason.LOCKED,
                "the registry is locked by "
                        + holder
                        + "; retry, or if that process is gone, delete "
                        + file);
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return ProcessHandle.current().pid() + "@" + host;
    }
}
