package dev.slidr.training.report;

import java.util.Objects;

/**
 * One row of the report's per-kind table: a model on one truth kind's holdout clicks, the share of
 * them it invalidated (true recall of a robot kind, true FPR of a human kind), in all and split
 * logged-in / anonymous. Shares are fractions in [0, 1]; NaN without clicks.
 */
public record KindRow(
        String model,
        String kind,
        String measure,
        long clicks,
        double share,
        long loggedInClicks,
        double loggedInShare,
        long anonymousClicks,
        double anonymousShare) {

    public KindRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(measure, "measure");
    }
}
