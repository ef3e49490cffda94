package dev.slidr.inference.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * A file system with the scheme {@code teststore://} that behaves like an object store: stored in
 * local files, but not a {@link LocalFileSystem}, with a rename that copies then deletes and a
 * create-if-absent that checks then creates. The registry must work on it as on S3.
 */
public final class TestingObjectStoreFileSystem extends FileSystem {

    static final String SCHEME = "teststore";

    private final LocalFileSystem local = LocalFileSystem.getSharedInstance();

    /** Every create and rename, in order ("create NAME", "rename FROM TO"), for ordering checks. */
    static final java.util.List<String> OPERATIONS =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** Registered through {@code META-INF/services/org.apache.flink.core.fs.FileSystemFactory}. */
    public static final class Factory implements FileSystemFactory {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return new TestingObjectStoreFileSystem();
        }
    }

    /** A local directory as a {@code teststore://} URI. */
    static String uri(java.nio.file.Path dir) {
        return SCHEME + "://" + dir.toAbsolutePath();
    }

    private static Path toLocal(Path p) {
        return new Path("file://" + p.toUri().getPath());
    }

    private static Path fromLocal(Path p) {
        return new Path(SCHEME + "://" + p.toUri().getPath());
    }

    private static FileStatus translate(FileStatus s) {
        return new FileStatus() {
            @Override
            public long getLen() {
                return s.getLen();
            }

            @Override
            public long getBlockSize() {
                return s.getBlockSize();
            }

            @Override
            public short getReplication() {
                return s.getReplication();
            }

            @Override
            public long getModificationTime() {
                return s.getModificationTime();
            }

            @Override
            public long getAccessTime() {
                return s.getAccessTime();
            }

            @Override
            public boolean isDir() {
                return s.isDir();
            }

            @Override
            public Path getPath() {
                return fromLocal(s.getPath());
            }
        };
    }

    @Override
    public Path getWorkingDirectory() {
        return new Path(SCHEME + ":///");
    }

    @Override
    public Path getHomeDirectory() {
        return new Path(SCHEME + ":///");
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return translate(local.getFileStatus(toLocal(f)));
    }

    @Override
    public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len)
            throws IOException {
        return local.getFileBlockLocations(
                local.getFileStatus(toLocal(file.getPath())), start, len);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        return local.open(toLocal(f), bufferSize);
    }

    @Override
    public FSDataInputStream open(Path f) throws IOException {
        return local.open(toLocal(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        FileStatus[] entries = local.listStatus(toLocal(f));
        if (entries == null) {
            return null;
        }
        FileStatus[] out = new FileStatus[entries.length];
        for (int i = 0; i < entries.length; i++) {
            out[i] = translate(entries[i]);
        }
        return out;
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        return local.delete(toLocal(f), recursive);
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        return local.mkdirs(toLocal(f));
    }

    @Override
    public FSDataOutputStream create(Path f, WriteMode overwriteMode) throws IOException {
        OPERATIONS.add("create " + f.getName());
        return local.create(toLocal(f), overwriteMode);
    }

    /** Copy, then delete: what object stores do, not atomic for the source. */
    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        OPERATIONS.add("rename " + src.getName() + " " + dst.getName());
        if (!local.exists(toLocal(src))) {
            return false;
        }
        try (InputStream in = local.open(toLocal(src));
                OutputStream out = local.create(toLocal(dst), WriteMode.OVERWRITE)) {
            in.transferTo(out);
        }
        return local.delete(toLocal(src), false);
    }

    @Override
    public boolean isDistributedFS() {
        return true;
    }
}
