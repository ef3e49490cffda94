package dev.slidr.inference.scoring;

import java.io.Serializable;
import java.util.Objects;

/**
 * How an {@link OnnxScorer} opens its session.
 *
 * <p>One intra-op thread is the default: in a Flink job each parallel subtask owns one scorer, so
 * Flink's parallelism already gives concurrency and more threads per session would only compete for
 * the same cores.
 *
 * <pre>{@code
 * ScorerOptions gpu = ScorerOptions.defaults().withProvider(ExecutionProvider.CUDA, 0);
 * }</pre>
 *
 * @param provider the execution provider asked for; CUDA falls back to CPU when unavailable
 * @param cudaDeviceIndex the GPU ordinal used with {@link ExecutionProvider#CUDA}, {@code >= 0}
 * @param intraOpThreads threads ONNX Runtime may use inside one operator, {@code >= 1}
 * @param optimization the graph optimization level
 */
public record ScorerOptions(
        ExecutionProvider provider,
        int cudaDeviceIndex,
        int intraOpThreads,
        GraphOptimization optimization)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public ScorerOptions {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(optimization, "optimization");
        if (cudaDeviceIndex < 0) {
            throw new IllegalArgumentException(
                    "CUDA device index must be >= 0, was " + cudaDeviceIndex);
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException(
                    "intra-op threads must be >= 1, was " + intraOpThreads);
        }
    }

    /** CPU, device 0, one intra-op thread, all graph optimizations. */
    public static ScorerOptions defaults() {
        return new ScorerOptions(ExecutionProvider.CPU, 0, 1, GraphOptimization.ALL);
    }

    public ScorerOptions withProvider(ExecutionProvider value, int deviceIndex) {
        return new ScorerOptions(value, deviceIndex, intraOpThreads, optimization);
    }

    public ScorerOptions withIntraOpThreads(int value) {
        return new ScorerOptions(provider, cudaDeviceIndex, value, optimization);
    }

    public ScorerOptions withOptimization(GraphOptimization value) {
        return new ScorerOptions(provider, cudaDeviceIndex, intraOpThreads, value);
    }
}
