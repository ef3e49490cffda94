package dev.slidr.replay.report;

import dev.slidr.contract.Decision;
import java.util.Objects;

/** One click decided on both sides; before is null when the baseline has no decision for it. */
public record DecisionPair(String advertiserId, Decision before, Decision after) {

    public DecisionPair {
        Objects.requireNonNull(advertiserId, "advertiserId");
        Objects.requireNonNull(after, "after");
        if (before != null && !before.clickId().equals(after.clickId())) {
            throw new IllegalArgumentException(
                    "before and after name different clicks: "
                            + before.clickId()
                            + " and "
                            + after.clickId());
        }
    }
}
