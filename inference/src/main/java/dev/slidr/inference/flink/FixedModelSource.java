package dev.slidr.inference.flink;

import dev.slidr.inference.decision.DeployedModel;
import java.util.Objects;

/**
 * A {@link ModelSource} holding one model by value: for tests, the demo and replays of a chosen
 * model, where the model is known when the job is built.
 *
 * @param model the model every subtask scores with
 */
public record FixedModelSource(DeployedModel model) implements ModelSource {

    private static final long serialVersionUID = 1L;

    public FixedModelSource {
        Objects.requireNonNull(model, "model");
    }

    @Override
    public DeployedModel load() {
        return model;
    }
}
