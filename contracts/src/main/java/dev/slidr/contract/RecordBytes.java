package dev.slidr.contract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What one pass over a record's bytes shows about the text its JSON strings can hold, so that the
 * decoder can skip per-field work the bytes already rule out.
 *
 * <ul>
 *   <li>{@link #PLAIN}: ASCII with no backslash and no DEL. A JSON string in such a record holds
 *       exactly its raw bytes (no escapes), and JSON forbids raw control characters, so every
 *       string value is printable ASCII: no field can hold a character {@link
 *       FieldRules#firstHostileChar} rejects.
 *   <li>{@link #ASCII}: ASCII, but with escapes or DEL: the bytes are UTF-8 as they stand, but
 *       strings need their characters checked.
 *   <li>{@link #OTHER}: a byte above 0x7F; the record must be decoded as UTF-8 first.
 * </ul>
 */
enum RecordBytes {
    PLAIN,
    ASCII,
    OTHER;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long BACKSLASHES = ONES * '\\';
    private static final long DELS = ONES * 0x7F;

    /**
     * Classifies {@code bytes}, eight at a time. Hand-written word-at-a-time (SWAR) scan: this runs
     * on every click, and a byte-by-byte loop was the largest single cost of the ingress thread in
     * the live job's profile; no library the project uses offers the test.
     */
    static RecordBytes of(byte[] bytes) {
        long special = 0;
        int i = 0;
        for (int end = bytes.length - 7; i < end; i += 8) {
            long word = (long) LONGS.get(bytes, i);
            if ((word & HIGHS) != 0) {
                return OTHER;
            }
            // with every byte below 0x80, hasZeroByte is exact: a word holds a backslash (or a
            // DEL) exactly when the word XOR the byte repeated holds a zero byte
            special |= hasZeroByte(word ^ BACKSLASHES) | hasZeroByte(word ^ DELS);
        }
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0) {
                return OTHER;
            }
            if (b == '\\' || b == 0x7F) {
                special = HIGHS;
            }
        }
        return special == 0 ? PLAIN : ASCII;
    }

    /** Non-zero when some byte of {@code word} is zero (for words of bytes below 0x80). */
    private static long hasZeroByte(long word) {
        return (word - ONES) & ~word & HIGHS;
    }
}
