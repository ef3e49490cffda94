package dev.slidr.inference.scoring;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/** ONNX Runtime's graph optimization levels, as the scorer's options name them. */
public enum GraphOptimization {
    /** No graph rewrites. */
    NONE(OptLevel.NO_OPT),
    /** Constant folding and redundant-node elimination. */
    BASIC(OptLevel.BASIC_OPT),
    /** Basic plus node fusions. */
    EXTENDED(OptLevel.EXTENDED_OPT),
    /** Every optimization, layout rewrites included (ONNX Runtime's default). */
    ALL(OptLevel.ALL_OPT);

    private final OptLevel level;

    GraphOptimization(OptLevel level) {
        this.level = level;
    }

    OptLevel ortLevel() {
        return level;
    }
}
