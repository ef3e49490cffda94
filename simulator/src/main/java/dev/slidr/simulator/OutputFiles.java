package dev.slidr.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slidr.contract.RfmRow;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Names and writers of the simulator's output files. */
public final class OutputFiles {

    public static final String CLICKS = "clicks.jsonl";
    public static final String CONVERSIONS = "conversions.jsonl";
    public static final String TRUTH = "truth.csv";
    public static final String RFM = "rfm.csv";
    public static final String SUMMARY = "summary.json";
    public static final String GZIP_SUFFIX = ".gz";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OutputFiles() {}

    /** A buffered stream to a new (or truncated) file, gzip-compressed when asked. */
    static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        try {
            return gzip
                    ? new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16)
                    : new BufferedOutputStream(raw, 1 << 20);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** The path of an event file, with {@code .gz} when compressed. */
    public static Path eventFile(Path dir, String name, boolean gzip) {
        return dir.resolve(gzip ? name + GZIP_SUFFIX : name);
    }

    /**
     * Renames a finished temporary file over its final name, atomically where the file system can,
     * so a reader never sees half of it.
     */
    static void moveIntoPlace(Path part, Path file) throws IOException {
        try {
            Files.move(
                    part,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A temporary name beside {@code file}, hidden, for writing it before it is in place. */
    static Path partOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".part");
    }

    /** Writes {@code rfm.csv}: a header, then customer_id,recency,frequency,monetary rows. */
    public static void writeRfm(Path file, List<RfmRow> rows) throws IOException {
        Path part = partOf(file);
        try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            out.write("customer_id,recency,frequency,monetary\n");
            for (RfmRow row : rows) {
                out.write(
                        row.customerId()
                                + ","
                                + row.recency()
                                + ","
                                + row.frequency()
                                + ","
                                + row.monetary()
                                + "\n");
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        moveIntoPlace(part, file);
    }

    /** Writes a JSON object (e.g. a summary) with stable key order and a final newline. */
    public static void writeJson(Path file, Map<String, ?> object) throws IOException {
        Path part = partOf(file);
        Files.writeString(part, MAPPER.writeValueAsString(object) + "\n", StandardCharsets.UTF_8);
        moveIntoPlace(part, file);
    }
}
