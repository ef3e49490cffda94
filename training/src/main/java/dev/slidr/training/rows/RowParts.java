package dev.slidr.training.rows;

import dev.slidr.feature.FeatureSchema;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Training rows written in parts by the subtasks of a distributed feature pass, each row with the
 * number of its click in the log, and their ordering into one {@link RowFile} in log order: the
 * order the single-machine pass writes, which the trainer's seeded sample depends on.
 *
 * <pre>
 * header  8 bytes  magic "SLIDSEQ1"
 *         4 bytes  feature schema version number (int32)
 *         4 bytes  feature count F (int32)
 * row     8 bytes  the click's number in the log, from 0 (int64)
 *         the row as in {@link RowFile}
 * </pre>
 *
 * <p>Ordering needs one bit per click of the log and one long per 64 clicks, whatever the rows'
 * size: a first pass marks the numbers that have a row, a second writes each row at its rank.
 */
public final class RowParts {

    static final byte[] MAGIC = "SLIDSEQ1".getBytes(StandardCharsets.US_ASCII);

    private RowParts() {}

    /** Sees each row of the ordered file with its click's number, in the order the parts hold. */
    @FunctionalInterface
    public interface RowVisitor {
        void visit(long seq, RowFile.Row row);
    }

    /** Appends numbered rows to a new part file. */
    public static final class Writer implements Closeable {
        private final OutputStream out;
        private final ByteBuffer row;
        private final int features;
        private long rows;

        public Writer(Path file) throws IOException {
            this.features = FeatureSchema.CURRENT.size();
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            this.row = ByteBuffer.allocate(8 + RowFile.rowBytes(features));
            row.order(ByteOrder.LITTLE_ENDIAN);
            out.write(
                    RowFile.header(
                            MAGIC,
                            RowFile.schemaNumber(FeatureSchema.CURRENT.version()),
                            features));
        }

        /** Appends {@code r}, the row of click number {@code seq}. */
        public void write(long seq, RowFile.Row r) throws IOException {
            row.clear();
            row.putLong(seq);
            RowFile.put(row, r, features);
            out.write(row.array());
            rows++;
        }

        public long rows() {
            return rows;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads the numbered rows of one part in its order. */
    static final class Reader implements Closeable {
        private final InputStream in;
        private final int features;
        private final byte[] chunk;
        private final ByteBuffer buffer;
        private final RowFile.Row row;
        long seq;

        Reader(Path file) throws IOException {
            this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                this.features = RowFile.readHeader(in, MAGIC, file);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            this.chunk = new byte[8 + RowFile.rowBytes(features)];
            this.buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            this.row = new RowFile.Row(features);
        }

        RowFile.Row next() throws IOException {
            int n = in.readNBytes(chunk, 0, chunk.length);
            if (n == 0) {
                return null;
            }
            if (n < chunk.length) {
                throw new EOFException("row part file cut short inside a row");
            }
            buffer.clear();
            seq = buffer.getLong();
            RowFile.get(buffer, row, features);
            return row;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Writes the rows of {@code parts} to {@code rowFile} ordered by their clicks' numbers.
     *
     * @param clicks how many clicks were numbered: every number is below it
     * @param visitor sees every row once, with its number
     * @return the rows written
     * @throws IOException when a part cannot be read, or a number is out of range or repeated
     */
    public static long order(List<Path> parts, long clicks, Path rowFile, RowVisitor visitor)
            throws IOException {
        long[] present = new long[(int) ((clicks + 63) >>> 6)];
        long rows = 0;
        for (Path part : parts) {
            try (Reader in = new Reader(part)) {
                while (in.next() != null) {
                    if (in.seq < 0 || in.seq >= clicks) {
                        throw new IOException(
                                part + " holds click number " + in.seq + " of " + clicks);
                    }
                    int word = (int) (in.seq >>> 6);
                    long bit = 1L << in.seq;
                    if ((present[word] & bit) != 0) {
                        throw new IOException(part + " repeats click number " + in.seq);
                    }
                    present[word] |= bit;
                    rows++;
                }
            }
        }
        // rank of a number = rows of smaller numbers: the count before its word, plus its bits
        // below
        long[] before = new long[present.length];
        long sum = 0;
        for (int w = 0; w < present.length; w++) {
            before[w] = sum;
            sum += Long.bitCount(present[w]);
        }
        int features = FeatureSchema.CURRENT.size();
        int rowBytes = RowFile.rowBytes(features);
        ByteBuffer row = ByteBuffer.allocate(rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out =
                FileChannel.open(
                        rowFile,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            writeFully(
                    out,
                    ByteBuffer.wrap(
                            RowFile.header(
                                    RowFile.MAGIC,
                                    RowFile.schemaNumber(FeatureSchema.CURRENT.version()),
                                    features)),
                    0);
            for (Path part : parts) {
                try (Reader in = new Reader(part)) {
                    for (RowFile.Row r = in.next(); r != null; r = in.next()) {
                        int word = (int) (in.seq >>> 6);
                        long rank =
                                before[word] + Long.bitCount(present[word] & ((1L << in.seq) - 1));
                        row.clear();
                        RowFile.put(row, r, features);
                        row.flip();
                        writeFully(out, row, RowFile.HEADER_BYTES + rank * rowBytes);
                        visitor.visit(in.seq, r);
                    }
                }
            }
        }
        return rows;
    }

    private static void writeFully(FileChannel out, ByteBuffer b, long position)
            throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            at += out.write(b, at);
        }
    }
}
