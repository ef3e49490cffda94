package dev.slidr.inference.decision;

import dev.slidr.inference.scoring.OnnxScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Names the features that drove a score, by occlusion against a reference row: for each feature
 * whose value differs from the reference (the median raw training row), the row is scored again
 * with that one feature reset to its reference value. The features whose reset lowers the score
 * most, at most {@link #MAX_REASONS} and only those that lower it, are the reasons, as codes {@code
 * sivt:<feature_name>} in decreasing order of the drop (ties by feature order).
 *
 * <p>All variants of all rows in a call are scored in one batched model run. When no single reset
 * lowers the score (the score comes from features acting together), the one reason is {@link
 * #JOINT_CODE}.
 */
public final class OcclusionExplainer {

    /** Prefix of every model reason code. */
    public static final String CODE_PREFIX = "sivt:";

    /** The reason when no single feature's reset lowers the score. */
    public static final String JOINT_CODE = CODE_PREFIX + "joint";

    /** The smallest score drop that makes a feature a reason. */
    public static final float MIN_DROP = 1e-4f;

    /** The most reasons given per click. */
    public static final int MAX_REASONS = 3;

    private final List<String> codes;
    private final float[] reference;

    public OcclusionExplainer(List<String> featureNames, float[] reference) {
        Objects.requireNonNull(featureNames, "featureNames");
        Objects.requireNonNull(reference, "reference");
        if (featureNames.size() != reference.length) {
            throw new IllegalArgumentException(
                    featureNames.size()
                            + " feature names but a reference row of "
                            + reference.length);
        }
        this.codes = featureNames.stream().map(OcclusionExplainer::code).toList();
        this.reference = reference.clone();
    }

    /** The reason code of a feature. */
    public static String code(String featureName) {
        return CODE_PREFIX + featureName;
    }

    /**
     * The reasons of each row.
     *
     * @param scorer the model that produced {@code scores}
     * @param rows raw rows, each of the scorer's width
     * @param scores the model's score of each row
     */
    public List<List<String>> explain(OnnxScorer scorer, List<float[]> rows, float[] scores) {
        int width = reference.length;
        if (scorer.featureCount() != width) {
            throw new IllegalArgumentException(
                    "the scorer reads " + scorer.featureCount() + " features, expected " + width);
        }
        if (rows.size() != scores.length) {
            throw new IllegalArgumentException(
                    rows.size() + " rows but " + scores.length + " scores");
        }
        // variant v of the whole call resets feature featureOf[v] of row rowOf[v]
        int[] rowOf = new int[rows.size() * width];
        int[] featureOf = new int[rows.size() * width];
        int variants = 0;
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != width) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + row.length + " features, expected " + width);
            }
            for (int j = 0; j < width; j++) {
                if (Float.compare(row[j], reference[j]) != 0) {
                    rowOf[variants] = r;
                    featureOf[variants] = j;
                    variants++;
                }
            }
        }
        float[] flat = new float[variants * width];
        for (int v = 0; v < variants; v++) {
            System.arraycopy(rows.get(rowOf[v]), 0, flat, v * width, width);
            flat[v * width + featureOf[v]] = reference[featureOf[v]];
        }
        float[] variantScores = scorer.score(flat, variants);

        List<List<String>> reasons = new ArrayList<>(rows.size());
        int v = 0;
        for (int r = 0; r < rows.size(); r++) {
            // the best MAX_REASONS drops so far, kept sorted: largest drop, then lowest index
            int[] best = new int[MAX_REASONS];
            float[] drops = new float[MAX_REASONS];
            int found = 0;
            for (; v < variants && rowOf[v] == r; v++) {
                float drop = scores[r] - variantScores[v];
                if (!(drop >= MIN_DROP)) {
                    continue;
                }
                int at = found;
                while (at > 0 && drops[at - 1] < drop) {
                    at--;
                }
                if (at >= MAX_REASONS) {
                    continue;
                }
                int last = Math.min(found, MAX_REASONS - 1);
                for (int k = last; k > at; k--) {
                    drops[k] = drops[k - 1];
                    best[k] = best[k - 1];
                }
                drops[at] = drop;
                best[at] = featureOf[v];
                found = Math.min(found + 1, MAX_REASONS);
            }
            List<String> codesOfRow = new ArrayList<>(found);
            for (int k = 0; k < found; k++) {
                codesOfRow.add(codes.get(best[k]));
            }
            reasons.add(codesOfRow.isEmpty() ? List.of(JOINT_CODE) : List.copyOf(codesOfRow));
        }
        return reasons;
    }
}
