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
 * hash collisions among at most {@code capacity} items, probability below 2e-6).
 *
 * <p>When one item more would be kept, the buckets with the lowest level go up one level: a bucket
 * at level {@code L} keeps only items whose hash has {@code L} leading zero bits (probability
 * {@code 2^-L}), and items that no longer pass lose that bucket's bit; this repeats until at most
 * {@code capacity} items remain. A new bucket starts at level 0, so a key returns to exact counts
 * once its heavy buckets expire. A query weighs each retained item seen in the window by {@code
 * 2^m}, {@code m} the lowest level among the window buckets it was seen in (Horvitz-Thompson):
 * unbiased, with standard error {@code sqrt(sum over items of (2^m - 1))}, at most {@code sqrt(n
 * (2^L - 1))} for {@code n} true items and {@code L} the highest level in the window. In steady
 * heavy traffic a full window holds between {@code capacity / 2} and {@code capacity} sampled
 * items, so the relative standard error is about {@code 1 / sqrt(capacity / 2)} at worst: 29% for
 * 24, 12.5% for 128.
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
    // Ring position of the head, floorMod(head, buckets), kept so that the hot path never divides.
    private int headPosition;

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
        this.headPosition = (int) Math.floorMod(head, (long) levels.length);
    }

    private SlidingDistinct(SlidingDistinct other) {
        this.spec = other.spec;
        this.capacity = other.capacity;
        this.levels = other.levels.clone();
        this.hashes = other.hashes.clone();
        this.masks = other.masks.clone();
        this.size = other.size;
        this.head = other.head;
        this.headPosition = other.headPosition;
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
            headPosition = (int) Math.floorMod(newHead, (long) n);
        } else {
            int gap = (int) (newHead - head);
            int first = headPosition + 1 == n ? 0 : headPosition + 1;
            expired = ringMask(first, gap);
            headPosition = headPosition + gap >= n ? headPosition + gap - n : headPosition + gap;
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
        if (level(query) == 0) {
            if (query == fullMask()) {
                return size;
            }
            int count = 0;
            for (int i = 0; i < size; i++) {
                if ((masks[i] & query) != 0) {
                    count++;
                }
            }
            return count;
        }
        return sampledEstimate(query);
    }

    /**
     * Horvitz-Thompson estimate: an item seen in the window is retained exactly when its hash
     * passes the lowest level {@code m} among the window buckets it was seen in (and then its bit
     * in that bucket is kept), so it counts {@code 2^m}, the inverse of its retention probability.
     */
    private double sampledEstimate(int query) {
        // the window's buckets grouped by level, lowest level first
        int[] groupLevel = new int[levels.length];
        int[] groupMask = new int[levels.length];
        int groups = 0;
        int previous = -1;
        while (true) {
            int lowest = Integer.MAX_VALUE;
            int mask = 0;
            for (int p = 0; p < levels.length; p++) {
                if ((query & (1 << p)) != 0 && levels[p] > previous) {
                    if (levels[p] < lowest) {
                        lowest = levels[p];
                        mask = 1 << p;
                    } else if (levels[p] == lowest) {
                        mask |= 1 << p;
                    }
                }
            }
            if (mask == 0) {
                break;
            }
            groupLevel[groups] = lowest;
            groupMask[groups] = mask;
            groups++;
            previous = lowest;
        }
        double estimate = 0;
        for (int i = 0; i < size; i++) {
            int seen = masks[i] & query;
            if (seen == 0) {
                continue;
            }
            for (int g = 0; g < groups; g++) {
                if ((seen & groupMask[g]) != 0) {
                    estimate += 1L << groupLevel[g];
                    break;
                }
            }
        }
        return estimate;
    }

    /**
     * Highest sampling level among the buckets of the window ending at bucket {@code k}; 0 means
     * the estimate is exact. The standard error is at most {@code sqrt(n (2^level - 1))}.
     */
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
        int oldest = headPosition + 1 == n ? 0 : headPosition + 1;
        return ringMask(oldest, (int) (k - lo + 1));
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

    /** Ring position of a retained bucket, without dividing. */
    private int position(long bucket) {
        int p = headPosition - (int) (head - bucket);
        return p < 0 ? p + levels.length : p;
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
        boolean sampled = (flags & 1) != 0;
        if (sampled) {
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
            // an unsampled set admits every hash at level 0: only a sampled one has levels to check
            for (int rest = sampled ? mask : 0; rest != 0; rest &= rest - 1) {
                if (!admitted(hash, set.levels[Integer.numberOfTrailingZeros(rest)])) {
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
