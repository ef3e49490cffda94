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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The training row file: one fixed-size little-endian record per click that went through the
 * feature stages, in the order the feature pass wrote them (event time). Written by the
 * single-machine feature pass and meant to be written the same way by a distributed one; the schema
 * is documented in {@code docs/training.md}.
 *
 * <pre>
 * header  8 bytes  magic "SLIDROW1"
 *         4 bytes  feature schema version number (int32: 2 for "v2")
 *         4 bytes  feature count F (int32)
 * row     8 bytes  event time, epoch ms (int64)
 *         8 bytes  click id hash (int64, {@link ClickIdHash})
 *       4*F bytes  raw features (float32, schema order)
 *         1 byte   slice id
 *         1 byte   flags: 1 logged in, 2 purchasing, 4 weak label non-human, 8 high velocity,
 *                  16 a reviewer judged the click's entity robot, 32 human
 *         1 byte   ground truth: -1 unknown, else bit 0 robot, bits 1-6 kind (TruthKinds)
 *         1 byte   local hour of day (0-23)
 *         1 byte   local day of week (0-6)
 * </pre>
 */
public final class RowFile {

    static final byte[] MAGIC = "SLIDROW1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = 16;

    public static final int LOGGED_IN = 1;
    public static final int PURCHASING = 2;
    public static final int NON_HUMAN = 4;
    public static final int HIGH_VELOCITY = 8;
    public static final int VERDICT_ROBOT = 16;
    public static final int VERDICT_HUMAN = 32;

    private RowFile() {}

    /** The number of a schema version name ({@code "v2"} is 2). */
    public static int schemaNumber(String version) {
        return Integer.parseInt(version.substring(1));
    }

    /** Bytes of one row of {@code features} features. */
    public static int rowBytes(int features) {
        return 8 + 8 + 4 * features + 5;
    }

    /** The 16 header bytes: magic, schema number, feature count. */
    static byte[] header(byte[] magic, int schemaVersion, int features) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(magic).putInt(schemaVersion).putInt(features);
        return header.array();
    }

    /**
     * Reads and checks a header: the magic, and the schema this build trains.
     *
     * @return the feature count
     */
    static int readHeader(InputStream in, byte[] magic, Path file) throws IOException {
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES
                || !Arrays.equals(Arrays.copyOf(header, magic.length), magic)) {
            throw new IOException(file + " is not a training row file");
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        h.position(magic.length);
        int version = h.getInt();
        int features = h.getInt();
        if (version != schemaNumber(FeatureSchema.CURRENT.version())
                || features != FeatureSchema.CURRENT.size()) {
            throw new IOException(
                    file
                            + " holds feature schema v"
                            + version
                            + " with "
                            + features
                            + " features; this build trains v"
                            + FeatureSchema.CURRENT.version());
        }
        return features;
    }

    /** Encodes a row at the buffer's position (little-endian). */
    static void put(ByteBuffer b, Row r, int features) {
        b.putLong(r.ts).putLong(r.idHash);
        for (int j = 0; j < features; j++) {
            b.putFloat(r.x[j]);
        }
        b.put((byte) r.slice)
                .put((byte) r.flags)
                .put(r.truth)
                .put((byte) r.hourOfDay)
                .put((byte) r.dayOfWeek);
    }

    /** Decodes a row from the buffer's position. */
    static void get(ByteBuffer b, Row row, int features) {
        row.ts = b.getLong();
        row.idHash = b.getLong();
        for (int j = 0; j < features; j++) {
            row.x[j] = b.getFloat();
        }
        row.slice = b.get();
        row.flags = b.get();
        row.truth = b.get();
        row.hourOfDay = b.get();
        row.dayOfWeek = b.get();
    }

    /** One row, reused by readers and writers. */
    public static final class Row {
        public long ts;
        public long idHash;
        public final float[] x;
        public int slice;
        public int flags;
        public byte truth;
        public int hourOfDay;
        public int dayOfWeek;

        public Row(int features) {
            x = new float[features];
        }

        public boolean loggedIn() {
            return (flags & LOGGED_IN) != 0;
        }

        public boolean purchasing() {
            return (flags & PURCHASING) != 0;
        }

        public float label() {
            return (flags & NON_HUMAN) != 0 ? 1f : 0f;
        }

        public boolean highVelocity() {
            return (flags & HIGH_VELOCITY) != 0;
        }

        /** {@code EntityVerdicts.ROBOT}, {@code HUMAN} or {@code NONE} (0). */
        public byte verdict() {
            return (byte) ((flags & VERDICT_ROBOT) != 0 ? 1 : (flags & VERDICT_HUMAN) != 0 ? 2 : 0);
        }
    }

    /** Appends rows to a new file. */
    public static final class Writer implements Closeable {
        private final OutputStream out;
        private final ByteBuffer row;
        private final int features;
        private long rows;

        public Writer(Path file, int schemaVersion, int features) throws IOException {
            // one write call a MiB: a row is about 130 bytes and a week is some 1.8 million of them
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            this.features = features;
            this.row = ByteBuffer.allocate(rowBytes(features)).order(ByteOrder.LITTLE_ENDIAN);
            out.write(header(MAGIC, schemaVersion, features));
        }

        public void write(Row r) throws IOException {
            row.clear();
            put(row, r, features);
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

    /** Reads the rows of a file in order, into one reused {@link Row}. */
    public static final class Reader implements Closeable {
        private final InputStream in;
        private final int features;
        private final byte[] chunk;
        private final ByteBuffer buffer;
        private final Row row;

        public Reader(Path file) throws IOException {
            this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                this.features = readHeader(in, MAGIC, file);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            this.chunk = new byte[rowBytes(features)];
            this.buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            this.row = new Row(features);
        }

        /** The next row, or null at the end; the same object each time. */
        public Row next() throws IOException {
            int n = in.readNBytes(chunk, 0, chunk.length);
            if (n == 0) {
                return null;
            }
            if (n < chunk.length) {
                throw new EOFException("training row file cut short inside a row");
            }
            buffer.clear();
            get(buffer, row, features);
            return row;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
