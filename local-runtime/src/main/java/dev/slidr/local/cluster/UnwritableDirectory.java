package dev.slidr.local.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A directory nothing can create entries in until {@link #close}: write permission taken away, or,
 * where that does not stop the user (root), the immutable attribute ({@code chattr +i}). Checked by
 * trying to create an entry, so a lock that does not hold is an error, not a silent no-op.
 */
final class UnwritableDirectory implements AutoCloseable {

    private final Path dir;
    private final boolean immutable;

    private UnwritableDirectory(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    /**
     * Makes {@code dir} unwritable.
     *
     * @throws IOException when neither way works on this machine
     */
    static UnwritableDirectory lock(Path dir) throws IOException, InterruptedException {
        if (dir.toFile().setWritable(false, false) && !writable(dir)) {
            return new UnwritableDirectory(dir, false);
        }
        dir.toFile().setWritable(true, false);
        if (chattr("+i", dir) && !writable(dir)) {
            return new UnwritableDirectory(dir, true);
        }
        chattr("-i", dir);
        throw new IOException(
                "cannot make "
                        + dir
                        + " unwritable here: write permission does not stop this user and chattr"
                        + " +i is not available");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            if (!chattr("-i", dir)) {
                throw new IOException("chattr -i " + dir + " failed; run it by hand");
            }
        } else {
            dir.toFile().setWritable(true, false);
        }
    }

    private static boolean writable(Path dir) {
        Path probe = dir.resolve(".soak-probe");
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path dir) throws InterruptedException {
        try {
            Process p =
                    new ProcessBuilder("chattr", flag, dir.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
