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
                int b;
                while ((b = read()) != -1 && b != '\n') {
                    if (total < maxLineBytes + 1L) {
                        if (length == buffer.length) {
                            buffer =
                                    Arrays.copyOf(
                                            buffer, Math.min(buffer.length * 2, maxLineBytes + 1));
                        }
                        buffer[length++] = (byte) b;
                    }
                    total++;
                }
                if (b == -1) {
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

    /** One byte from our own buffer: a per-byte call into a synchronized stream is slow. */
    private int read() throws IOException {
        if (chunkPos == chunkEnd) {
            int n = in.read(chunk, 0, chunk.length);
            if (n <= 0) {
                return -1;
            }
            chunkPos = 0;
            chunkEnd = n;
            bytes += n;
            tally.bytes(bytes, 0);
        }
        return chunk[chunkPos++] & 0xff;
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
