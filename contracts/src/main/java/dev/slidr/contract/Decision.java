package dev.slidr.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The verdict on one click, as the decisions topic carries it (contract version {@link
 * #CONTRACT_VERSION}; key: click id).
 *
 * <p>{@code stage} names the stage that invalidated the click ({@code GIVT} before scoring, {@code
 * SIVT} by the model) and is {@code NONE} exactly when the click is valid. A click that was never
 * scored (GIVT) has {@code score} and {@code threshold} NaN (null on the wire), no model or
 * calibration version and an empty feature vector. {@code features} is the exact float32 vector the
 * model saw, so a decision can be audited and re-scored. Corrections carry a higher {@code
 * revision} and supersede lower ones; {@code replayId} names the replay that produced them.
 */
public record Decision(
        String clickId,
        long eventTs,
        long decidedTs,
        boolean invalid,
        Stage stage,
        List<String> reasons,
        double score,
        double threshold,
        String slice,
        String modelVersion,
        String calibrationVersion,
        String featureVersion,
        float[] features,
        int revision,
        String replayId) {

    public static final int CONTRACT_VERSION = 1;

    /** Which stage invalidated a click; {@code NONE} for a valid click. */
    public enum Stage {
        /** General invalid traffic: declared bots, data-centre IPs, duplicate clicks. */
        GIVT,
        /** Sophisticated invalid traffic: the model's score reached the slice threshold. */
        SIVT,
        /** Valid: no stage invalidated the click. */
        NONE
    }

    public Decision {
        Objects.requireNonNull(clickId, "clickId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(features, "features");
        reasons = List.copyOf(reasons);
        features = features.clone();
        if (invalid != (stage != Stage.NONE)) {
            throw new IllegalArgumentException(
                    "invalid must be true exactly when stage is not NONE, was invalid="
                            + invalid
                            + " stage="
                            + stage);
        }
        if (Double.isInfinite(score) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(
                    "score and threshold must be finite or NaN (not scored), were "
                            + score
                            + ", "
                            + threshold);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException(
                        "features[" + i + "] must be finite, was " + features[i]);
            }
        }
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be >= 0, was " + revision);
        }
    }

    /**
     * A live GIVT decision: invalid before any scoring, so no score, threshold, versions or
     * features.
     */
    public static Decision givt(
            String clickId, long eventTs, long decidedTs, List<String> reasons, String slice) {
        return new Decision(
                clickId,
                eventTs,
                decidedTs,
                true,
                Stage.GIVT,
                reasons,
                Double.NaN,
                Double.NaN,
                slice,
                null,
                null,
                null,
                new float[0],
                0,
                null);
    }

    /** True when a model scored the click (score and threshold are numbers). */
    public boolean scored() {
        return !Double.isNaN(score);
    }

    /** A copy of the scored feature vector (the record itself stays immutable). */
    @Override
    public float[] features() {
        return features.clone();
    }

    /** The number of features, without copying the vector. */
    public int featureCount() {
        return features.length;
    }

    /** One feature, without copying the vector. */
    public float feature(int index) {
        return features[index];
    }

    /** This decision as a correction: same click, new verdict fields, a higher revision. */
    public Decision withRevision(int newRevision, String newReplayId) {
        return new Decision(
                clickId,
                eventTs,
                decidedTs,
                invalid,
                stage,
                reasons,
                score,
                threshold,
                slice,
                modelVersion,
                calibrationVersion,
                featureVersion,
                features,
                newRevision,
                newReplayId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decision d
                && clickId.equals(d.clickId)
                && eventTs == d.eventTs
                && decidedTs == d.decidedTs
                && invalid == d.invalid
                && stage == d.stage
                && reasons.equals(d.reasons)
                && Double.compare(score, d.score) == 0
                && Double.compare(threshold, d.threshold) == 0
                && slice.equals(d.slice)
                && Objects.equals(modelVersion, d.modelVersion)
                && Objects.equals(calibrationVersion, d.calibrationVersion)
                && Objects.equals(featureVersion, d.featureVersion)
                && Arrays.equals(features, d.features)
                && revision == d.revision
                && Objects.equals(replayId, d.replayId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clickId, eventTs, stage, revision, Arrays.hashCode(features));
    }

    @Override
    public String toString() {
        return "Decision[clickId="
                + clickId
                + ", eventTs="
                + eventTs
                + ", decidedTs="
                + decidedTs
                + ", invalid="
                + invalid
                + ", stage="
                + stage
                + ", reasons="
                + reasons
                + ", score="
                + score
                + ", threshold="
                + threshold
                + ", slice="
                + slice
                + ", modelVersion="
                + modelVersion
                + ", calibrationVersion="
                + calibrationVersion
                + ", featureVersion="
                + featureVersion
                + ", features="
                + Arrays.toString(features)
                + ", revision="
                + revision
                + ", replayId="
                + replayId
                + "]";
    }
}
