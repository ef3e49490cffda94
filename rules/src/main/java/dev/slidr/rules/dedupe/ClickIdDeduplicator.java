package dev.slidr.rules.dedupe;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * In-memory duplicate click detection by click id with event-time expiry, following {@link
 * DuplicateClickPolicy}: for bounded runs outside Flink and as the reference the Flink dedupe
 * function is checked against.
 *
 * <pre>{@code
 * ClickIdDeduplicator dedupe = new ClickIdDeduplicator(new DuplicateClickPolicy(Duration.ofHours(24)));
 * boolean first = dedupe.firstOccurrence(click.clickId(), click.ts());
 * dedupe.advanceTo(watermark);
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class ClickIdDeduplicator {

    private record Expiry(long at, String clickId) {}

    private final DuplicateClickPolicy policy;
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final PriorityQueue<Expiry> expiries =
            new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));

    public ClickIdDeduplicator(DuplicateClickPolicy policy) {
        this.policy = policy;
    }

    /** Whether this is the first occurrence of the click id; remembers it when it is. */
    public boolean firstOccurrence(String clickId, long ts) {
        if (policy.isDuplicate(firstSeen.get(clickId), ts)) {
            return false;
        }
        firstSeen.put(clickId, ts);
        expiries.add(new Expiry(policy.expiresAt(ts), clickId));
        return true;
    }

    /** Forgets every click id whose window ended at or before {@code watermark}. */
    public void advanceTo(long watermark) {
        while (!expiries.isEmpty() && expiries.peek().at() <= watermark) {
            Expiry expiry = expiries.poll();
            Long seen = firstSeen.get(expiry.clickId());
            // an id seen again after its window has a newer expiry; only the matching one clears
            if (seen != null && policy.expiresAt(seen) == expiry.at()) {
                firstSeen.remove(expiry.clickId());
            }
        }
    }

    /** Number of click ids remembered. */
    public int size() {
        return firstSeen.size();
    }
}
