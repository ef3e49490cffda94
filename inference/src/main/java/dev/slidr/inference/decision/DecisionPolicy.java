package dev.slidr.inference.decision;

import dev.slidr.contract.Decision;
import dev.slidr.inference.scoring.OnnxScorer;
import dev.slidr.rules.slice.Slice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns scores into live decisions: a click is invalid ({@code SIVT}) exactly when its score is at
 * least its slice's threshold, and valid ({@code NONE}, no reasons) otherwise. Invalid clicks get
 * reason codes from an {@link OcclusionExplainer} run on the same model, one batched run for all
 * invalid clicks of a call. Every decision records score, threshold, slice, model, calibration and
 * feature versions and the scored vector, with revision 0.
 *
 * <p>A non-finite score (a model fault; guardrails refuse models that produce them on holdout data)
 * never invalidates a click: the decision is valid, unscored ({@code score} NaN) and carries the
 * reason {@link #NON_FINITE_SCORE}, so billing keeps the click and the fault is visible.
 */
public final class DecisionPolicy {

    /** Reason of a valid decision whose score was NaN or infinite. */
    public static final String NON_FINITE_SCORE = "error:non_finite_score";

    private final DeployedModel model;
    private final SliceThresholds thresholds;
    private final OcclusionExplainer explainer;

    public DecisionPolicy(DeployedModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.thresholds = model.thresholds();
        this.explainer = new OcclusionExplainer(model.featureNames(), model.referenceFeatures());
    }

    /**
     * The decision of each click, in order.
     *
     * @param scorer the model's scorer, used again for the reasons of invalid clicks
     * @param clicks the clicks, each with the vector that was scored
     * @param scores the score of each click
     * @param decidedTs the decision time (epoch millis)
     */
    public List<Decision> decide(
            OnnxScorer scorer, List<ClickFeatures> clicks, float[] scores, long decidedTs) {
        if (clicks.size() != scores.length) {
            throw new IllegalArgumentException(
                    clicks.size() + " clicks but " + scores.length + " scores");
        }
        Slice[] slices = new Slice[clicks.size()];
        double[] limits = new double[clicks.size()];
        List<float[]> invalidRows = new ArrayList<>();
        int[] invalidIndex = new int[clicks.size()];
        float[] invalidScores = new float[clicks.size()];
        for (int i = 0; i < clicks.size(); i++) {
            slices[i] = thresholds.slicing().sliceOf(clicks.get(i).click());
            limits[i] = thresholds.threshold(slices[i]);
            if (Float.isFinite(scores[i]) && scores[i] >= limits[i]) {
                invalidScores[invalidRows.size()] = scores[i];
                invalidIndex[invalidRows.size()] = i;
                invalidRows.add(clicks.get(i).features());
            }
        }
        List<List<String>> reasons =
                invalidRows.isEmpty()
                        ? List.of()
                        : explainer.explain(
                                scorer,
                                invalidRows,
                                Arrays.copyOf(invalidScores, invalidRows.size()));
        List<Decision> decisions = new ArrayList<>(clicks.size());
        int nextInvalid = 0;
        for (int i = 0; i < clicks.size(); i++) {
            ClickFeatures c = clicks.get(i);
            boolean invalid = nextInvalid < invalidRows.size() && invalidIndex[nextInvalid] == i;
            boolean finite = Float.isFinite(scores[i]);
            List<String> why =
                    invalid
                            ? reasons.get(nextInvalid++)
                            : finite ? List.of() : List.of(NON_FINITE_SCORE);
            decisions.add(
                    new Decision(
                            c.click().clickId(),
                            c.click().ts(),
                            decidedTs,
                            invalid,
                            invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                            why,
                            finite ? scores[i] : Double.NaN,
                            limits[i],
                            slices[i].name(),
                            model.modelVersion(),
                            thresholds.calibrationVersion(),
                            c.featureVersion(),
                            c.features(),
                            0,
                            null));
        }
        return decisions;
    }
}
