package dev.slidr.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file of lines written under a temporary name beside its target and renamed when complete, so a
 * reader finds the whole file or none: a failed replay leaves nothing half-written.
 *
 * <p>Decisions are written through one generator for the whole file rather than {@link
 * ContractJson#write(Decision)} per line: a replay writes a line per decision of its window, and a
 * generator and a byte array per line cost 5 to 11 % more ({@code CollectRecordCost}). The lines
 * are the same bytes.
 */
public final class AtomicLines implements AutoCloseable {

    private final Path target;
    private final Path temporary;
    private final OutputStream out;
    private long lines;
    private boolean committed;

    /**
     * The generator of {@link #write(Decision)}, made on its first call; it holds the decisions not
     * yet passed on to {@link #out}.
     */
    private JsonGenerator json;

    AtomicLines(Path target) throws IOException {
        this.target = target;
        this.temporary =
                target.resolveSibling(
                        "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        this.out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
    }

    /** Appends {@code line} (no line break in it) and a line break. */
    void write(byte[] line) throws IOException {
        if (json != null) {
            // the decisions written before this line are still in the generator's buffer
            json.flush();
        }
        out.write(line);
        out.write('\n');
        lines++;
    }

    /**
     * Appends {@code decision} as {@link ContractJson#write(Decision)} writes it, and a line break.
     */
    void write(Decision decision) throws IOException {
        JsonGenerator g = json;
        if (g == null) {
            g = ContractJson.generator(out);
            // lines are ended here, not separated by the generator's space between root values
            g.setRootValueSeparator(null);
            // a flush or close of the generator only empties its buffer into out, which commit
            // closes
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json = g;
        }
        g.writeStartObject();
        ContractJson.writeFields(g, decision);
        g.writeEndObject();
        g.writeRaw('\n');
        lines++;
    }

    long lines() {
        return lines;
    }

    /** Closes and moves the file into place. */
    Path commit() throws IOException {
        if (json != null) {
            json.close();
        }
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
