package dev.slidr.inference.decision;

import ai.onnxruntime.OrtException;
import dev.slidr.contract.Decision;
import dev.slidr.inference.scoring.ExecutionProvider;
import dev.slidr.inference.scoring.InvalidModelException;
import dev.slidr.inference.scoring.OnnxScorer;
import dev.slidr.inference.scoring.ScorerOptions;
import java.util.List;

/**
 * Scores batches of clicks with one deployed model and decides each: the Flink-free core of the
 * scoring operator, also usable by replay and tools. One model run scores the batch, one more
 * explains its invalid clicks. Not thread-safe.
 *
 * <pre>{@code
 * try (ClickScorer scorer = ClickScorer.open(model, ScorerOptions.defaults())) {
 *     List<Decision> decisions = scorer.decide(batch, System.currentTimeMillis());
 * }
 * }</pre>
 */
public final class ClickScorer implements AutoCloseable {

    private final DeployedModel model;
    private final OnnxScorer scorer;
    private final DecisionPolicy policy;
    private float[] flat;

    private ClickScorer(DeployedModel model, OnnxScorer scorer) {
        this.model = model;
        this.scorer = scorer;
        this.policy = new DecisionPolicy(model);
        this.flat = new float[64 * model.featureCount()];
    }

    /**
     * Opens the model's ONNX session.
     *
     * @throws InvalidModelException when the model cannot be loaded or does not match its features
     */
    public static ClickScorer open(DeployedModel model, ScorerOptions options)
            throws InvalidModelException {
        return new ClickScorer(model, OnnxScorer.open(model.onnx(), model.featureNames(), options));
    }

    /**
     * The decisions of {@code batch}, in order.
     *
     * @throws IllegalArgumentException when a click's feature version or vector length differs from
     *     the model's: features and model come from different deployments
     */
    public List<Decision> decide(List<ClickFeatures> batch, long decidedTs) {
        if (batch.isEmpty()) {
            return List.of();
        }
        int width = model.featureCount();
        if (flat.length < batch.size() * width) {
            flat = new float[batch.size() * width];
        }
        for (int i = 0; i < batch.size(); i++) {
            ClickFeatures c = batch.get(i);
            if (!model.featureVersion().equals(c.featureVersion())
                    || c.features().length != width) {
                throw new IllegalArgumentException(
                        "click "
                                + c.click().clickId()
                                + " has "
                                + c.features().length
                                + " features of version "
                                + c.featureVersion()
                                + ", model "
                                + model.modelVersion()
                                + " reads "
                                + width
                                + " features of version "
                                + model.featureVersion());
            }
            System.arraycopy(c.features(), 0, flat, i * width, width);
        }
        float[] scores = scorer.score(flat, batch.size());
        return policy.decide(scorer, batch, scores, decidedTs);
    }

    public DeployedModel model() {
        return model;
    }

    /** The provider the model runs on (CPU when CUDA was asked for but is unavailable). */
    public ExecutionProvider activeProvider() {
        return scorer.activeProvider();
    }

    @Override
    public void close() throws OrtException {
        scorer.close();
    }
}
