package dev.slidr.review;

import java.util.List;

/**
 * One entity of the queue with its sums.
 *
 * @param entity the pseudonym (users, IPs) or the ad id
 * @param clicks decided clicks joined to this entity
 * @param linked distinct users among the clicks of an IP or an ad; distinct IPs of a user
 * @param scored of them, clicks the model scored
 * @param givt clicks invalidated before scoring (not scored)
 * @param sivt scored clicks the model invalidated
 * @param expectedInvalid sum of the scores of the scored clicks
 * @param expectedInvalidBilled the part of that sum over scored clicks still billed
 * @param expectedInvalidInvalidated the part over scored clicks already invalidated
 * @param clicksShown the most indicative clicks, highest score first
 */
public record RankedEntity(
        EntityKind kind,
        String entity,
        long clicks,
        long linked,
        long scored,
        long givt,
        long sivt,
        double expectedInvalid,
        double expectedInvalidBilled,
        double expectedInvalidInvalidated,
        List<IndicativeClick> clicksShown) {

    public RankedEntity {
        clicksShown = List.copyOf(clicksShown);
    }

    /** Scored clicks still billed. */
    public long billedScored() {
        return scored - sivt;
    }
}
