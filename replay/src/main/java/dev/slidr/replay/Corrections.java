package dev.slidr.replay;

import dev.slidr.contract.Decision;

/** What a replay corrects, and the correction itself. */
final class Corrections {

    private Corrections() {}

    /** True when the replayed verdict differs from the baseline's, or there is none. */
    static boolean changed(Decision before, Decision after) {
        return before == null
                || before.invalid() != after.invalid()
                || before.stage() != after.stage();
    }

    /**
     * The correction of {@code after}: one revision above the baseline's (1 with none), the replay
     * id, and the window's end as its decision time, so that a second run of the same replay writes
     * byte-identical records.
     */
    static Decision of(Decision before, Decision after, String replayId, ReplayWindow window) {
        int revision = before == null ? 1 : before.revision() + 1;
        return new Decision(
                after.clickId(),
                after.eventTs(),
                window.to().toEpochMilli(),
                after.invalid(),
                after.stage(),
                after.reasons(),
                after.score(),
                after.threshold(),
                after.slice(),
                after.modelVersion(),
                after.calibrationVersion(),
                after.featureVersion(),
                after.features(),
                revision,
                replayId);
    }
}
