package dev.slidr.contract.testing;

import dev.slidr.contract.Decision;
import java.util.List;

/**
 * Test decisions of a model, shared by every module's tests that read or write decisions.
 *
 * <pre>{@code
 * Decision d = Decisions.scored("c-1", T0.toEpochMilli(), 0.9, "v2", new float[] {1f}, 0);
 * }</pre>
 */
public final class Decisions {

    /** The threshold of {@link #scored}: a score at or above it is invalid. */
    public static final double THRESHOLD = 0.5;

    private Decisions() {}

    /**
     * Model m1's decision (calibration c1, slice {@code desktop/logged_in}) on click {@code id},
     * decided at its event time: invalid by {@code SIVT} exactly when {@code score} reaches {@link
     * #THRESHOLD}. A revision above 0 is a correction of replay {@code r1}.
     */
    public static Decision scored(
            String id,
            long eventTs,
            double score,
            String featureVersion,
            float[] features,
            int revision) {
        boolean invalid = score >= THRESHOLD;
        return new Decision(
                id,
                eventTs,
                eventTs,
                invalid,
                invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                invalid ? List.of("score_above_threshold") : List.of(),
                score,
                THRESHOLD,
                "desktop/logged_in",
                "m1",
                "c1",
                featureVersion,
                features,
                revision,
                revision == 0 ? null : "r1");
    }
}
