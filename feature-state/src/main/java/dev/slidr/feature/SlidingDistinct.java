package dev.slidr.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Distinct count over a bucket-aligned sliding window: exact up to {@code capacity} distinct items
 * in the ring, then a hash sample with a bounded, documented error.
 *
 * <p>Each retained item is a 32-bit hash with a bit mask of the ring buckets it was seen in, so
 * items expire exactly when their last bucket leaves the ring and a query can ask any bucket range
 * (a click that arrives out of order sees only the buckets up to its own). While the ring holds at
 * most {@code capacity} items every bucket has sampling level 0 and counts are exact (up to 32-bit
 * hash collisions among at most {@code capacity} items). When an item more would be kept, the
 * buckets with the lowest level go up one level: a bucket at level {@code L} keeps only items whose
 * hash has {@code L} leading zero bits (probability {@code 2^-L}), so the sample stays below {@code
 * capacity}. A query over buckets whose highest level is {@code L} counts the sampled items
 * admitted at {@code L} and scales by {@code 2^L}: unbiased, with relative standard error {@code
 * sqrt((2^L - 1) / n)} for {@code n} true distinct items, at most about {@code 1/sqrt(capacity /
 * 2)} when the window covers the whole ring. A new bucket starts at level 0 again, so a key returns
 * to exact counts once its heavy buckets expire.
 *
 * <p>Hand-written rather than a DataSketches sketch: those cannot forget items, and one sketch per
 * bucket costs tens of bytes of header per bucket, over the per-key state budget.
 */
final class SlidingDistinct {

    private static final int MAX_LEVEL = 32;

    private final WindowSpec spec;
    private final int capacity;
    private final byte[] levels;
    private int[] hashes;
    private int[] masks;
    private int size;
    private long head;

    /** An empty set whose head is bucket {@code head} (the bucket of the latest time). */
    SlidingDistinct(WindowSpec spec, int capacity, long head) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.spec = spec;
        this.capacity = capacity;
        this.levels = new byte[spec.buckets()];
        this.hashes = new int[Math.min(capacity + 1, 8)];
        this.masks = new int[hashes.length];
        this.head = head;
    }

    private SlidingDistinct(SlidingDistinct other) {
        this.spec = other.spec;
        this.capacity = other.capacity;
        this.levels = other.levels.clone();
        this.hashes = other.hashes.clone();
        this.masks = other.masks.clone();
        this.size = other.size;
        this.head = other.head;
    }

    SlidingDistinct copy() {
        return new SlidingDistinct(this);
    }

    /** Moves the head to bucket {@code newHead}; buckets that fall out forget their items. */
    void advance(long newHead) {
        if (newHead <= head) {
            return;
        }
        int n = levels.length;
        int expired;
        if (newHead - head >= n) {
            expired = fullMask();
        } else {
            expired = ringMask(position(head + 1), (int) (newHead - head));
        }
        for (int p = 0; p < n; p++) {
            if ((expired & (1 << p)) != 0) {
                levels[p] = 0;
            }
        }
        head = newHead;
        clearBits(expired);
    }

    /** Records an item (by its hash) in bucket {@code b}, if that bucket is retained. */
    void add(long b, int hash) {
        if (b > head || b <= head - levels.length) {
            return;
        }
        int p = position(b);
        if (!admitted(hash, levels[p])) {
            return;
        }
        int bit = 1 << p;
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                masks[i] |= bit;
                return;
            }
        }
        if (size == hashes.length) {
            int grown = Math.min(capacity + 1, hashes.length * 2);
            hashes = Arrays.copyOf(hashes, grown);
            masks = Arrays.copyOf(masks, grown);
        }
        hashes[size] = hash;
        masks[size] = bit;
        size++;
        while (size > capacity) {
            raiseLowestLevel();
        }
    }

    /**
     * Estimated distinct items in the retained buckets of the window ending at bucket {@code k}.
     */
    double estimate(long k) {
        int query = queryMask(k);
        if (query == 0) {
            return 0;
        }
        int level = level(query);
        if (level == 0 && query == fullMask()) {
            return size;
        }
        int count = 0;
        for (int i = 0; i < size; i++) {
            if ((masks[i] & query) != 0 && admitted(hashes[i], level)) {
                count++;
            }
        }
        return level == 0 ? count : (double) count * (double) (1L << level);
    }

    /** Sampling level of the window ending at bucket {@code k}; 0 means the estimate is exact. */
    int level(long k) {
        return level(queryMask(k));
    }

    /** Items retained (the sample size over the whole ring). */
    int retained() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private int level(int query) {
        int level = 0;
        for (int p = 0; p < levels.length; p++) {
            if ((query & (1 << p)) != 0) {
                level = Math.max(level, levels[p]);
            }
        }
        return level;
    }

    private int queryMask(long k) {
        int n = levels.length;
        if (k >= head) {
            return fullMask();
        }
        long lo = head - n + 1;
        if (k < lo) {
            return 0;
        }
        return ringMask(position(lo), (int) (k - lo + 1));
    }

    /** The ring bits of {@code length} consecutive buckets starting at ring position {@code p}. */
    private int ringMask(int p, int length) {
        int n = levels.length;
        if (length >= n) {
            return fullMask();
        }
        int run = (1 << length) - 1;
        return ((run << p) | (run >>> (n - p))) & fullMask();
    }

    private void raiseLowestLevel() {
        int live = 0;
        for (int i = 0; i < size; i++) {
            live |= masks[i];
        }
        int lowest = MAX_LEVEL;
        for (int p = 0; p < levels.length; p++) {
            if ((live & (1 << p)) != 0) {
                lowest = Math.min(lowest, levels[p]);
            }
        }
        int raised = lowest + 1;
        // Every bucket below the new level is raised, empty ones included, so that the ring
        // samples at one rate and later out-of-order items land at that rate.
        for (int p = 0; p < levels.length; p++) {
            if (levels[p] < raised) {
                levels[p] = (byte) raised;
            }
        }
        for (int i = 0; i < size; i++) {
            if (!admitted(hashes[i], raised)) {
                int m = masks[i];
                for (int p = 0; p < levels.length; p++) {
                    if (levels[p] == raised) {
                        m &= ~(1 << p);
                    }
                }
                masks[i] = m;
            }
        }
        clearBits(0);
    }

    /** Clears the given ring bits from every item and drops items left with no bucket. */
    private void clearBits(int bits) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int m = masks[i] & ~bits;
            if (m != 0) {
                hashes[kept] = hashes[i];
                masks[kept] = m;
                kept++;
            }
        }
        size = kept;
    }

    private static boolean admitted(int hash, int level) {
        return Integer.numberOfLeadingZeros(hash) >= level;
    }

    private int fullMask() {
        return levels.length == 32 ? -1 : (1 << levels.length) - 1;
    }

    private int position(long bucket) {
        return (int) Math.floorMod(bucket, (long) levels.length);
    }

    /**
     * Flags byte (bit 0: levels follow), item count, the level of each ring bucket when any is
     * sampled, then each item as a 4-byte hash and its bucket mask.
     */
    void writeTo(DataOutput out) throws IOException {
        boolean sampled = false;
        for (byte level : levels) {
            sampled |= level != 0;
        }
        out.writeByte(sampled ? 1 : 0);
        Varints.writeUnsigned(out, size);
        if (sampled) {
            out.write(levels);
        }
        for (int i = 0; i < size; i++) {
            out.writeInt(hashes[i]);
            Varints.writeMask(out, masks[i], levels.length);
        }
    }

    static SlidingDistinct readFrom(DataInput in, WindowSpec spec, int capacity, long head)
            throws IOException {
        SlidingDistinct set = new SlidingDistinct(spec, capacity, head);
        int flags = in.readUnsignedByte();
        if ((flags & ~1) != 0) {
            throw new StateFormatException("unknown distinct-set flags: " + flags);
        }
        int size = Varints.readUnsignedInt(in, "distinct item count", capacity);
        if ((flags & 1) != 0) {
            in.readFully(set.levels);
            for (byte level : set.levels) {
                if (level < 0 || level > MAX_LEVEL) {
                    throw new StateFormatException("sampling level out of range: " + level);
                }
            }
        }
        set.hashes = new int[Math.min(capacity + 1, Math.max(8, size))];
        set.masks = new int[set.hashes.length];
        for (int i = 0; i < size; i++) {
            int hash = in.readInt();
            int mask = Varints.readMask(in, spec.buckets());
            if (mask == 0) {
                throw new StateFormatException("distinct item with no bucket");
            }
            for (int p = 0; p < spec.buckets(); p++) {
                if ((mask & (1 << p)) != 0 && !admitted(hash, set.levels[p])) {
                    throw new StateFormatException("distinct item not admitted at its level");
                }
            }
            set.hashes[i] = hash;
            set.masks[i] = mask;
        }
        set.size = size;
        return set;
    }
}
