package dev.slidr.inference.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Collects items into batches of at most {@code maxBatchSize}, handing a batch out when it is full
 * or when its oldest item has waited {@code maxDelayMillis}. It owns no threads and reads no clock:
 * the caller passes the current processing time and arranges to call {@link #poll} at {@link
 * #deadline()} (a Flink processing-time timer), and calls {@link #drain()} before a checkpoint
 * barrier and at the end of input.
 *
 * <pre>{@code
 * MicroBatcher<Row> batcher = new MicroBatcher<>(64, 5);
 * batcher.add(row, now).ifPresent(this::score);        // full (or overdue) batch
 * batcher.poll(timerTime).ifPresent(this::score);      // time bound reached
 * score(batcher.drain());                              // checkpoint / end of input
 * }</pre>
 *
 * @param <T> the item type
 */
public final class MicroBatcher<T> {

    /** {@link #deadline()} of an empty batcher: nothing is waiting. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final int maxBatchSize;
    private final long maxDelayMillis;
    private List<T> items;
    private long oldestArrival;

    /**
     * @param maxBatchSize items per batch, {@code >= 1}
     * @param maxDelayMillis longest wait of an item before its batch is due, {@code >= 0} (0: every
     *     item is due on arrival)
     */
    public MicroBatcher(int maxBatchSize, long maxDelayMillis) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be >= 1, was " + maxBatchSize);
        }
        if (maxDelayMillis < 0) {
            throw new IllegalArgumentException(
                    "max batch delay must be >= 0 ms, was " + maxDelayMillis);
        }
        this.maxBatchSize = maxBatchSize;
        this.maxDelayMillis = maxDelayMillis;
        this.items = new ArrayList<>(maxBatchSize);
    }

    /**
     * Adds an item that arrived at processing time {@code now}.
     *
     * @return the batch, this item included, when it is now full or due; empty otherwise
     */
    public Optional<List<T>> add(T item, long now) {
        Objects.requireNonNull(item, "item");
        if (items.isEmpty()) {
            oldestArrival = now;
        }
        items.add(item);
        if (items.size() >= maxBatchSize || now >= deadline()) {
            return Optional.of(drain());
        }
        return Optional.empty();
    }

    /** The batch when its oldest item has waited the maximum delay at {@code now}; else empty. */
    public Optional<List<T>> poll(long now) {
        if (!items.isEmpty() && now >= deadline()) {
            return Optional.of(drain());
        }
        return Optional.empty();
    }

    /** Every waiting item, oldest first (possibly none); the batcher is empty afterwards. */
    public List<T> drain() {
        List<T> batch = items;
        items = new ArrayList<>(maxBatchSize);
        return batch;
    }

    /**
     * The processing time at which the waiting batch is due, or {@link #NO_DEADLINE} when nothing
     * waits.
     */
    public long deadline() {
        if (items.isEmpty()) {
            return NO_DEADLINE;
        }
        long due = oldestArrival + maxDelayMillis;
        return due < oldestArrival ? NO_DEADLINE - 1 : due;
    }

    /** The number of waiting items. */
    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public long maxDelayMillis() {
        return maxDelayMillis;
    }
}
