package dev.slidr.job.ingress;

/**
 * The event-time timers one subtask has registered, remembered per key in a fixed number of slots,
 * so that registering the same timer again for the next click of a key can be skipped.
 *
 * <p>Registering a timer that exists is a no-op for Flink's timer service, but not a free one: on
 * RocksDB it serializes the timer and writes it (or probes the timer cache) for every click, on the
 * heap it is a hash-set insert. The dedupe stage registers its key's grid-cell timer on every
 * click, and most clicks of a key fall in the cell of its previous click.
 *
 * <p>A slot holds the last key and timestamp registered there; a key whose slot another key took
 * since is simply registered again. {@link #register} skips a timer only while the remembered one
 * cannot have fired (its timestamp is after the watermark), and the memory is not state: a restored
 * or rescaled subtask starts empty and registers again, which is what it did before this class
 * existed. No library offers this: it is a direct-mapped cache of one entry per slot, cheaper than
 * the timer-service lookup it saves.
 */
final class ArmedTimers {

    private final String[] keys;
    private final long[] timestamps;
    private final int mask;

    /**
     * @param slots how many keys are remembered at once; a power of two
     */
    ArmedTimers(int slots) {
        if (slots < 1 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, was " + slots);
        }
        this.keys = new String[slots];
        this.timestamps = new long[slots];
        this.mask = slots - 1;
    }

    /**
     * Whether a timer at {@code timestamp} for {@code key} must be registered, the watermark being
     * {@code watermark}: no, when this subtask registered it and it cannot have fired yet; yes
     * otherwise, and it is remembered as registered from now on.
     */
    boolean register(String key, long timestamp, long watermark) {
        int slot = slotOf(key);
        if (timestamp > watermark && timestamps[slot] == timestamp && key.equals(keys[slot])) {
            return false;
        }
        keys[slot] = key;
        timestamps[slot] = timestamp;
        return true;
    }

    private int slotOf(String key) {
        int h = key.hashCode();
        // spread the high bits over the low ones the mask keeps
        return (h ^ (h >>> 16)) & mask;
    }
}
