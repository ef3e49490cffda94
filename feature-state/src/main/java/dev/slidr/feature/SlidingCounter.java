package dev.slidr.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Click count over a bucket-aligned sliding window, kept as a ring of bucket counts that ends at
 * the bucket of the key's latest event time (the head).
 *
 * <p>Only the {@link WindowSpec#buckets()} buckets ending at the head are retained; an event whose
 * bucket is older is not counted (it has expired at this resolution). A query for a click in bucket
 * {@code k} sums the retained buckets in {@code [k - buckets + 1, k]}, so an event in a later
 * bucket than the click's never counts for it.
 */
final class SlidingCounter {

    private final WindowSpec spec;
    private final int[] counts;
    private long head;
    // Ring position of the head, floorMod(head, buckets), kept so that the hot path never divides.
    private int headPosition;
    // Sum of all retained buckets: the answer for every in-order click, without a loop.
    private long total;

    /** An empty counter whose head is bucket {@code head} (the bucket of the latest time). */
    SlidingCounter(WindowSpec spec, long head) {
        this.spec = spec;
        this.counts = new int[spec.buckets()];
        this.head = head;
        this.headPosition = (int) Math.floorMod(head, (long) counts.length);
    }

    /** Moves the head to bucket {@code newHead}, zeroing the buckets that fall out. */
    void advance(long newHead) {
        if (newHead <= head) {
            return;
        }
        int n = counts.length;
        long gap = newHead - head;
        if (gap >= n) {
            Arrays.fill(counts, 0);
            total = 0;
            headPosition = (int) Math.floorMod(newHead, (long) n);
        } else {
            int p = headPosition;
            for (int i = 0; i < gap; i++) {
                p = p + 1 == n ? 0 : p + 1;
                total -= counts[p];
                counts[p] = 0;
            }
            headPosition = p;
        }
        head = newHead;
    }

    /** Counts an event in bucket {@code b}, if that bucket is retained. */
    void add(long b) {
        if (b <= head && b > head - counts.length) {
            int p = position(b);
            if (counts[p] != Integer.MAX_VALUE) {
                counts[p]++;
                total++;
            }
        }
    }

    /** Events in the retained buckets of the window ending at bucket {@code k}. */
    long count(long k) {
        if (k >= head) {
            return total;
        }
        int n = counts.length;
        long lo = head - n + 1;
        if (k < lo) {
            return 0;
        }
        // sum the shorter side: the buckets after k (subtracted from the total) or those up to k
        int after = (int) (head - k);
        long sum = 0;
        if (after <= n / 2) {
            int p = headPosition;
            for (int i = 0; i < after; i++) {
                sum += counts[p];
                p = p == 0 ? n - 1 : p - 1;
            }
            return total - sum;
        }
        int p = position(lo);
        for (long b = lo; b <= k; b++) {
            sum += counts[p];
            p = p + 1 == n ? 0 : p + 1;
        }
        return sum;
    }

    /** The bucket of the key's latest event time. */
    long head() {
        return head;
    }

    boolean isEmpty() {
        return total == 0;
    }

    /** Ring position of a retained bucket, without dividing. */
    private int position(long bucket) {
        int p = headPosition - (int) (head - bucket);
        return p < 0 ? p + counts.length : p;
    }

    /** Sparse form: a presence mask of the ring positions, then a varint per non-zero bucket. */
    void writeTo(DataOutput out) throws IOException {
        int mask = 0;
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] != 0) {
                mask |= 1 << p;
            }
        }
        Varints.writeMask(out, mask, counts.length);
        // the present buckets in ring order, as the mask lists them: no second pass over the ring
        for (int rest = mask; rest != 0; rest &= rest - 1) {
            Varints.writeUnsigned(out, counts[Integer.numberOfTrailingZeros(rest)]);
        }
    }

    static SlidingCounter readFrom(DataInput in, WindowSpec spec, long head) throws IOException {
        SlidingCounter counter = new SlidingCounter(spec, head);
        int mask = Varints.readMask(in, spec.buckets());
        for (int p = 0; p < spec.buckets(); p++) {
            if ((mask & (1 << p)) != 0) {
                int c = Varints.readUnsignedInt(in, "bucket count", Integer.MAX_VALUE);
                if (c == 0) {
                    throw new StateFormatException("bucket marked present holds a zero count");
                }
                counter.counts[p] = c;
                counter.total += c;
            }
        }
        return counter;
    }

    private SlidingCounter(SlidingCounter other) {
        this.spec = other.spec;
        this.counts = other.counts.clone();
        this.head = other.head;
        this.headPosition = other.headPosition;
        this.total = other.total;
    }

    SlidingCounter copy() {
        return new SlidingCounter(this);
    }
}
