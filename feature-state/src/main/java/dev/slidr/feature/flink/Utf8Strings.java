package dev.slidr.feature.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Strings in the records between stages: a variable-length prefix, then the UTF-8 bytes in one bulk
 * write.
 *
 * <p>Flink's {@code StringValue.writeString} writes a string char by char, one virtual call and
 * bounds check per char on both sides; profiles of the live job put a fifth of its Java samples
 * there. Click fields are ASCII almost always, for which the JDK encodes and decodes UTF-8 with
 * array copies. The prefix is 0 for null, else the byte length plus one, 7 bits per byte (one byte
 * up to 126 bytes of text).
 */
public final class Utf8Strings {

    /** Bound on one string's bytes: far above any click field, small enough to refuse garbage. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private Utf8Strings() {}

    /** Writes {@code value} (may be null). */
    public static void write(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int prefix = bytes.length + 1;
        while (prefix >= 0x80) {
            out.writeByte(prefix & 0x7F | 0x80);
            prefix >>>= 7;
        }
        out.writeByte(prefix);
        out.write(bytes);
    }

    /**
     * Reads a string {@link #write} wrote; null when it wrote null.
     *
     * @throws CorruptStateException when the length prefix is malformed or out of bounds
     */
    public static String read(DataInputView in) throws IOException {
        int prefix = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 28) {
                throw new CorruptStateException("string length prefix longer than 5 bytes");
            }
            int b = in.readUnsignedByte();
            prefix |= (b & 0x7F) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (prefix == 0) {
            return null;
        }
        int length = prefix - 1;
        if (length < 0 || length > MAX_BYTES) {
            throw new CorruptStateException(
                    "string of " + (length & 0xFFFFFFFFL) + " bytes exceeds " + MAX_BYTES);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
