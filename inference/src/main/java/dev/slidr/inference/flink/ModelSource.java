package dev.slidr.inference.flink;

import dev.slidr.inference.decision.DeployedModel;
import java.io.IOException;
import java.io.Serializable;

/**
 * Where a scoring subtask gets its model: called once per subtask when the operator opens. It
 * travels with the job graph, so it is serializable and should hold a reference (a registry path
 * and version) or a small model rather than open resources.
 */
@FunctionalInterface
public interface ModelSource extends Serializable {

    /**
     * The model to score with.
     *
     * @throws IOException when the model cannot be read
     */
    DeployedModel load() throws IOException;

    /** A source that always hands out {@code model}, which travels inside the job graph. */
    static ModelSource fixed(DeployedModel model) {
        return new FixedModelSource(model);
    }
}
