package dev.slidr.rules.dedupe;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The live job's dedupe rule ({@link DuplicateClickPolicy}) over a stream of clicks outside Flink:
 * training and replay feed it clicks in the order the live job processes them, and it marks the
 * same ones duplicate.
 *
 * <pre>{@code
 * DuplicateClickFilter dedupe =
 *         new DuplicateClickFilter(new DuplicateClickPolicy(Duration.ofHours(24)), Duration.ZERO);
 * for (Click click : clicks) {
 *     boolean first = dedupe.firstOccurrence(click.clickId(), click.ts());
 * }
 * }</pre>
 *
 * <p>Memory is bounded by the window, as the live job's state is: an id is forgotten once the
 * watermark passes the end of its window, which is when the live job's timer clears its state. The
 * watermark follows the clicks the way the live job's bounded-out-of-orderness watermark does: the
 * highest event time seen so far, less the allowed out-of-orderness, less one millisecond. Not
 * thread-safe.
 */
public final class DuplicateClickFilter {

    private record Expiry(long at, String clickId) {}

    private final DuplicateClickPolicy policy;
    private final long outOfOrdernessMillis;
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final PriorityQueue<Expiry> expiries =
            new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
    private long watermark = Long.MIN_VALUE;

    /**
     * @param policy the dedupe rule
     * @param outOfOrderness how far behind the highest event time seen the watermark stays
     */
    public DuplicateClickFilter(DuplicateClickPolicy policy, Duration outOfOrderness) {
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException(
                    "out-of-orderness must not be negative, got " + outOfOrderness);
        }
        this.policy = policy;
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
    }

    /**
     * Whether this is the first occurrence of the click id within the window; remembers it when it
     * is. Clicks come in processing order.
     */
    public boolean firstOccurrence(String clickId, long ts) {
        // the live job sees the watermark of the clicks before this one; a click's own event time
        // cannot clear an id it would find duplicate, so advancing first gives the same answer
        advanceTo(ts - outOfOrdernessMillis - 1);
        if (policy.isDuplicate(firstSeen.get(clickId), ts)) {
            return false;
        }
        firstSeen.put(clickId, ts);
        expiries.add(new Expiry(policy.expiresAt(ts), clickId));
        return true;
    }

    /** The watermark: no id whose window ends at or before it is remembered. */
    public long watermark() {
        return watermark;
    }

    /** Number of click ids remembered. */
    public int size() {
        return firstSeen.size();
    }

    private void advanceTo(long candidate) {
        if (candidate <= watermark) {
            return;
        }
        watermark = candidate;
        while (!expiries.isEmpty() && expiries.peek().at() <= watermark) {
            Expiry expiry = expiries.poll();
            Long seen = firstSeen.get(expiry.clickId());
            // an id seen again after its window has a newer expiry; only the matching one clears
            if (seen != null && policy.expiresAt(seen) == expiry.at()) {
                firstSeen.remove(expiry.clickId());
            }
        }
    }
}
