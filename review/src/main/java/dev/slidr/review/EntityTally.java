package dev.slidr.review;

import dev.slidr.contract.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The running sums of one entity over the decided clicks joined to it, and its {@code keep} highest
 * scored decisions (a bounded heap: an entity with a million clicks holds {@code keep}).
 */
final class EntityTally {

    /** Highest score first; equal scores by click id, so the order never depends on input order. */
    static final Comparator<Decision> MOST_INDICATIVE =
            Comparator.comparingDouble(Decision::score).reversed().thenComparing(Decision::clickId);

    final String entity;
    long clicks;
    long scored;
    long givt;
    long sivt;
    double expectedInvalid;
    double expectedInvalidBilled;
    double expectedInvalidInvalidated;
    // the users of an IP or an ad, the IPs of a user: a shared gateway shows as many users
    private final java.util.Set<String> linked = new java.util.HashSet<>();
    private final int keep;
    // the head is the least indicative kept, the one to drop
    private final PriorityQueue<Decision> top;

    EntityTally(String entity, int keep) {
        this.entity = entity;
        this.keep = keep;
        this.top = new PriorityQueue<>(MOST_INDICATIVE.reversed());
    }

    void add(Decision d, String linkedEntity) {
        linked.add(linkedEntity);
        clicks++;
        if (d.stage() == Decision.Stage.GIVT) {
            givt++;
        }
        if (!d.scored()) {
            return;
        }
        scored++;
        expectedInvalid += d.score();
        if (d.invalid()) {
            sivt++;
            expectedInvalidInvalidated += d.score();
        } else {
            expectedInvalidBilled += d.score();
        }
        if (keep == 0) {
            return;
        }
        top.add(d);
        if (top.size() > keep) {
            top.poll();
        }
    }

    /** Distinct users (of an IP or an ad) or IPs (of a user) among the entity's clicks. */
    long linked() {
        return linked.size();
    }

    /** The kept decisions, most indicative first. */
    List<Decision> mostIndicative() {
        List<Decision> out = new ArrayList<>(top);
        out.sort(MOST_INDICATIVE);
        return out;
    }

    /** Queue order: expected invalid clicks, then clicks, both descending, then the entity. */
    static final Comparator<EntityTally> QUEUE_ORDER =
            Comparator.comparingDouble((EntityTally t) -> t.expectedInvalid)
                    .reversed()
                    .thenComparing(Comparator.comparingLong((EntityTally t) -> t.clicks).reversed())
                    .thenComparing(t -> t.entity);
}
