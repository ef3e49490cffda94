package dev.slidr.job.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The time bookkeeping of a sliding window kept as a ring of fixed-width slots: which slot a moment
 * falls into, and which slots still lie inside the window. The data of each slot lives in the
 * owner's arrays, indexed like the slots; a slot is cleared (through the owner's callback) when it
 * is reused for a later interval.
 *
 * <p>The window is the current slot and the {@code slots - 1} before it, so a window of 5 min in 10
 * s slots covers between 4 min 50 s and 5 min of history. Not thread-safe: owners synchronize.
 */
final class SlidingSlots {

    private static final long EMPTY = Long.MIN_VALUE;

    private final long slotMillis;
    private final long[] starts;

    /**
     * @param window the span the window covers
     * @param slotWidth the width of one slot; {@code window} must be a positive multiple of it
     */
    SlidingSlots(Duration window, Duration slotWidth) {
        long windowMillis = window.toMillis();
        slotMillis = slotWidth.toMillis();
        if (slotMillis < 1 || windowMillis < slotMillis || windowMillis % slotMillis != 0) {
            throw new IllegalArgumentException(
                    "window " + window + " must be a positive multiple of the slot " + slotWidth);
        }
        starts = new long[Math.toIntExact(windowMillis / slotMillis)];
        Arrays.fill(starts, EMPTY);
    }

    /** The number of slots (the length of the owner's arrays). */
    int size() {
        return starts.length;
    }

    /**
     * The slot of {@code nowMillis}; when it last held an earlier interval, {@code clear} is called
     * with its index first.
     */
    int advance(long nowMillis, IntConsumer clear) {
        long interval = Math.floorDiv(nowMillis, slotMillis);
        int slot = (int) Math.floorMod(interval, (long) starts.length);
        long start = interval * slotMillis;
        if (starts[slot] != start) {
            clear.accept(slot);
            starts[slot] = start;
        }
        return slot;
    }

    /** Whether slot {@code slot} holds data of the window that ends at {@code nowMillis}. */
    boolean live(int slot, long nowMillis) {
        long start = starts[slot];
        if (start == EMPTY) {
            return false;
        }
        long current = Math.floorDiv(nowMillis, slotMillis) * slotMillis;
        return start <= current && start > current - starts.length * slotMillis;
    }
}
