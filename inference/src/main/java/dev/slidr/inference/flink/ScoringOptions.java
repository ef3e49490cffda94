package dev.slidr.inference.flink;

import dev.slidr.inference.scoring.ExecutionProvider;
import dev.slidr.inference.scoring.GraphOptimization;
import dev.slidr.inference.scoring.ScorerOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** Configuration of the scoring operator: the ONNX Runtime session and the micro-batches. */
public final class ScoringOptions {

    public static final ConfigOption<ExecutionProvider> PROVIDER =
            ConfigOptions.key("slidr.scoring.provider")
                    .enumType(ExecutionProvider.class)
                    .defaultValue(ExecutionProvider.CPU)
                    .withDescription(
                            "ONNX Runtime execution provider: CPU or CUDA. CUDA falls back to the"
                                    + " CPU, with a logged warning, when the provider is missing"
                                    + " or cannot start.");

    public static final ConfigOption<Integer> CUDA_DEVICE =
            ConfigOptions.key("slidr.scoring.cuda-device")
                    .intType()
                    .defaultValue(0)
                    .withDescription("GPU ordinal used by the CUDA provider.");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            ConfigOptions.key("slidr.scoring.intra-op-threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "ONNX Runtime threads per session. Each parallel subtask owns a"
                                    + " session, so parallelism already gives concurrency.");

    public static final ConfigOption<GraphOptimization> GRAPH_OPTIMIZATION =
            ConfigOptions.key("slidr.scoring.graph-optimization")
                    .enumType(GraphOptimization.class)
                    .defaultValue(GraphOptimization.ALL)
                    .withDescription("ONNX Runtime graph optimization level.");

    public static final ConfigOption<Integer> BATCH_MAX_SIZE =
            ConfigOptions.key("slidr.scoring.batch.max-size")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Clicks per model run at most.");

    public static final ConfigOption<Duration> BATCH_MAX_DELAY =
            ConfigOptions.key("slidr.scoring.batch.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(1))
                    .withDescription(
                            "Longest a click waits in processing time for its batch to fill;"
                                    + " 0 scores every click on arrival. Under load batches fill"
                                    + " before the deadline; at moderate rates this wait is"
                                    + " processing latency, hence 1 ms.");

    private ScoringOptions() {}

    /** The scorer settings of a configuration, validated. */
    public static ScorerOptions scorerOptions(ReadableConfig config) {
        try {
            return new ScorerOptions(
                    config.get(PROVIDER),
                    config.get(CUDA_DEVICE),
                    config.get(INTRA_OP_THREADS),
                    config.get(GRAPH_OPTIMIZATION));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid slidr.scoring configuration: " + e.getMessage(), e);
        }
    }

    /** Checks the batch settings of a configuration, naming the key at fault. */
    static void validateBatching(ReadableConfig config) {
        if (config.get(BATCH_MAX_SIZE) < 1) {
            throw new IllegalArgumentException(
                    BATCH_MAX_SIZE.key() + " must be >= 1, was " + config.get(BATCH_MAX_SIZE));
        }
        if (config.get(BATCH_MAX_DELAY).isNegative()) {
            throw new IllegalArgumentException(
                    BATCH_MAX_DELAY.key() + " must be >= 0, was " + config.get(BATCH_MAX_DELAY));
        }
    }
}
