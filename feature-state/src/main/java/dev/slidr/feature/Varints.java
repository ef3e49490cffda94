package dev.slidr.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * LEB128 variable-length integers for the state formats. Hand-written because {@link DataOutput}
 * has none and the counts in a bucket are mostly below 128, so one byte instead of four keeps the
 * per-key state small.
 */
final class Varints {

    private Varints() {}

    static void writeUnsigned(DataOutput out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint: " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readUnsigned(DataInput in) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.readUnsignedByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new StateFormatException("varint longer than 9 bytes");
    }

    static int readUnsignedInt(DataInput in, String what, long max) throws IOException {
        long value = readUnsigned(in);
        if (value < 0 || value > max) {
            throw new StateFormatException(what + " out of range: " + value + " > " + max);
        }
        return (int) value;
    }

    /** Writes the low {@code bits} bits of {@code mask}, little-endian, in ceil(bits/8) bytes. */
    static void writeMask(DataOutput out, int mask, int bits) throws IOException {
        for (int i = 0; i < bits; i += 8) {
            out.writeByte((mask >>> i) & 0xFF);
        }
    }

    static int readMask(DataInput in, int bits) throws IOException {
        int mask = 0;
        for (int i = 0; i < bits; i += 8) {
            mask |= in.readUnsignedByte() << i;
        }
        if (bits < 32 && (mask >>> bits) != 0) {
            throw new StateFormatException("bucket mask has bits beyond " + bits + " buckets");
        }
        return mask;
    }
}
