package dev.slidr.contract.input;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads JSON lines (one contract record per line; plain or gzip) and decodes each line with the
 * strict contract decoder; a bad line becomes a rejection with its line number.
 *
 * <pre>{@code
 * try (JsonLinesReader<Click> in = JsonLinesReader.clicks(Path.of("clicks.jsonl.gz"),
 *         ContractReader.defaults())) {
 *     in.forEachRemaining(row -> { if (row.isOk()) use(row.parsed().value()); });
 * }
 * }</pre>
 *
 * <p>Lines end at {@code \n}; a trailing {@code \r} is dropped; blank lines are skipped and
 * counted; a UTF-8 byte order mark before the first line is dropped. Lines are split on raw bytes
 * (not decoded text) so that the decoder sees exactly the bytes of the record, and a line longer
 * than the record limit is skipped without being held in memory.
 */
public final class JsonLinesReader<T> extends LookAheadReader<T> {

    private final String source;
    private final InputStream in;
    private final Function<byte[], Parsed<T>> decoder;
    private final int maxLineBytes;

    private byte[] buffer = new byte[1024];
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private long lineNumber;
    private long bytes;

    /**
     * Reads {@code in} (gzip detected), decoding each line with {@code decoder}; lines over {@code
     * maxLineBytes} are rejected as {@code oversized} unread.
     */
    public JsonLinesReader(
            String source, InputStream in, Function<byte[], Parsed<T>> decoder, int maxLineBytes)
            throws IOException {
        super("no more lines in " + source);
        this.source = Objects.requireNonNull(source, "source");
        this.in = InputStreams.decompressed(in);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be positive, was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    public static JsonLinesReader<Click> clicks(Path file, ContractReader reader)
            throws IOException {
        return clicks(file.toString(), InputStreams.open(file), reader);
    }

    public static JsonLinesReader<Click> clicks(
            String source, InputStream in, ContractReader reader) throws IOException {
        return new JsonLinesReader<>(source, in, reader::click, reader.limits().maxRecordBytes());
    }

    public static JsonLinesReader<Conversion> conversions(Path file, ContractReader reader)
            throws IOException {
        return conversions(file.toString(), InputStreams.open(file), reader);
    }

    public static JsonLinesReader<Conversion> conversions(
            String source, InputStream in, ContractReader reader) throws IOException {
        return new JsonLinesReader<>(
                source, in, reader::conversion, reader.limits().maxRecordBytes());
    }

    public static JsonLinesReader<RfmRow> rfmRows(Path file, ContractReader reader)
            throws IOException {
        return rfmRows(file.toString(), InputStreams.open(file), reader);
    }

    public static JsonLinesReader<RfmRow> rfmRows(
            String source, InputStream in, ContractReader reader) throws IOException {
        return new JsonLinesReader<>(source, in, reader::rfmRow, reader.limits().maxRecordBytes());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    InputRow<T> readRow() {
        try {
            while (true) {
                int length = 0;
                long total = 0;
                boolean endOfInput = false;
                while (true) {
                    if (chunkPos == chunkEnd && !fill()) {
                        endOfInput = true;
                        break;
                    }
                    int end = chunkPos;
                    while (end < chunkEnd && chunk[end] != '\n') {
                        end++;
                    }
                    // keep the first maxLineBytes + 1 bytes: enough to tell an oversized line
                    int keep = (int) Math.min(end - chunkPos, maxLineBytes + 1L - length);
                    if (keep > 0) {
                        if (length + keep > buffer.length) {
                            buffer =
                                    Arrays.copyOf(
                                            buffer,
                                            Math.min(
                                                    Math.max(buffer.length * 2, length + keep),
                                                    maxLineBytes + 1));
                        }
                        System.arraycopy(chunk, chunkPos, buffer, length, keep);
                        length += keep;
                    }
                    total += end - chunkPos;
                    if (end < chunkEnd) {
                        chunkPos = end + 1;
                        break;
                    }
                    chunkPos = chunkEnd;
                }
                if (endOfInput) {
                    end();
                    if (total == 0) {
                        return null;
                    }
                }
                lineNumber++;
                int start = 0;
                if (lineNumber == 1
                        && length >= 3
                        && (buffer[0] & 0xff) == 0xEF
                        && (buffer[1] & 0xff) == 0xBB
                        && (buffer[2] & 0xff) == 0xBF) {
                    start = 3;
                    total -= 3;
                }
                if (total <= maxLineBytes && length > start && buffer[length - 1] == '\r') {
                    length--;
                    total--;
                }
                if (isBlank(buffer, start, length) && total <= maxLineBytes) {
                    tally.blank();
                    if (ended()) {
                        return null;
                    }
                    continue;
                }
                byte[] line = Arrays.copyOfRange(buffer, start, length);
                Parsed<T> parsed =
                        total > maxLineBytes
                                ? Parsed.rejected(
                                        ReasonCode.OVERSIZED,
                                        "line has "
                                                + total
                                                + " bytes, more than the limit "
                                                + maxLineBytes)
                                : decoder.apply(line);
                InputRow<T> row = new InputRow<>(lineNumber, parsed, line);
                tally.add(row);
                return row;
            }
        } catch (IOException e) {
            end();
            throw new UncheckedIOException(
                    "cannot read " + source + " after line " + lineNumber + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Refills our own buffer from the input (a per-byte call into a synchronized stream is slow);
     * false at the end of the input.
     */
    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) {
            return false;
        }
        chunkPos = 0;
        chunkEnd = n;
        bytes += n;
        tally.bytes(bytes, 0);
        return true;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
