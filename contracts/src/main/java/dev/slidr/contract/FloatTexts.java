package dev.slidr.contract;

/**
 * The text {@link Float#toString(float)} gives a finite value, remembered for the values seen last
 * in a direct-mapped table: the fractional features of a decision repeat (the hour of day's sine
 * and cosine most), and their conversion was about half of writing a decision in a replay's
 * profile. The text is the JDK's own, so the bytes are the same with or without the table.
 *
 * <p>Written here because no library caches a float's text, and Jackson's own fast writer ({@code
 * USE_FAST_DOUBLE_WRITER}) writes the shortest decimal, which for some values differs from this
 * JDK's {@code Float.toString}: the decision bytes are a contract.
 *
 * <p>Safe to share between threads without locks: an entry is immutable (final fields), so a thread
 * reads a whole entry or another thread's older one; a race costs a conversion, never a wrong text.
 */
final class FloatTexts {

    private static final int SLOT_BITS = 12;

    private record Entry(int bits, String text) {}

    private final Entry[] table = new Entry[1 << SLOT_BITS];

    /** {@code Float.toString(value)}, from the table when the value's slot holds it. */
    String of(float value) {
        int bits = Float.floatToRawIntBits(value);
        int slot = (bits * 0x9E3779B9) >>> (Integer.SIZE - SLOT_BITS);
        Entry entry = table[slot];
        if (entry != null && entry.bits == bits) {
            return entry.text;
        }
        String text = Float.toString(value);
        table[slot] = new Entry(bits, text);
        return text;
    }
}
