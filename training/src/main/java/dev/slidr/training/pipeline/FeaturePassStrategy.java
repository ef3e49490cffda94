package dev.slidr.training.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a training run computes its rows from the inputs: on this machine ({@link
 * FeaturePass#SINGLE_MACHINE}, the default) or by a distributed engine (the Flink feature pass in
 * {@code replay}); either writes the same {@link dev.slidr.training.rows.RowFile}.
 */
@FunctionalInterface
public interface FeaturePassStrategy {

    /**
     * Reads every input of {@code request} and writes the rows of the clicks that pass the dedupe
     * rule and the GIVT screen to {@code rowFile}, in log order.
     */
    FeaturePass.Result run(TrainingRequest request, Path rowFile) throws IOException;
}
