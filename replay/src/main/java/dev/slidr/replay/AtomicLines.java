package dev.slidr.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file of lines written under a temporary name beside its target and renamed when complete, so a
 * reader finds the whole file or none: a failed replay leaves nothing half-written.
 */
public final class AtomicLines implements AutoCloseable {

    private final Path target;
    private final Path temporary;
    private final OutputStream out;
    private long lines;
    private boolean committed;

    AtomicLines(Path target) throws IOException {
        this.target = target;
        this.temporary =
                target.resolveSibling(
                        "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        this.out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
    }

    /** Appends {@code line} (no line break in it) and a line break. */
    void write(byte[] line) throws IOException {
        out.write(line);
        out.write('\n');
        lines++;
    }

    long lines() {
        return lines;
    }

    /** Closes and moves the file into place. */
    Path commit() throws IOException {
        out.close();
        Files.move(
                temporary,
                target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        return target;
    }

    /** Writes {@code content} to {@code target} the same way. */
    public static Path writeString(Path target, String content) throws IOException {
        try (AtomicLines file = new AtomicLines(target)) {
            file.out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return file.commit();
        }
    }

    /** Drops the temporary file when the content was never committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            out.close();
            Files.deleteIfExists(temporary);
        }
    }
}
