package dev.slidr.training;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Scores rows with ONNX Runtime and with the trainer's own forward pass and reports the largest
 * difference: the guard that the exported graph computes what was trained.
 */
public final class OnnxParityCheck {

    private OnnxParityCheck() {}

    /**
     * The maximum absolute difference between ONNX Runtime's scores for {@code rawRows} and {@link
     * ScoringModel#score}; {@code +∞} when either side produced NaN.
     */
    public static double maxAbsDifference(byte[] onnxModel, ScoringModel model, float[][] rawRows)
            throws OrtException {
        double[] expected = model.score(rawRows);
        float[] actual = scoreWithOnnxRuntime(onnxModel, rawRows, 1024);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** Scores raw rows with ONNX Runtime on the CPU, {@code batchSize} rows per run. */
    public static float[] scoreWithOnnxRuntime(byte[] onnxModel, float[][] rawRows, int batchSize)
            throws OrtException {
        int width = TrainingSet.requireRectangular(rawRows);
        float[] scores = new float[rawRows.length];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnxModel, options)) {
            for (int start = 0; start < rawRows.length; start += batchSize) {
                int n = Math.min(batchSize, rawRows.length - start);
                FloatBuffer flat = FloatBuffer.allocate(n * width);
                for (int i = 0; i < n; i++) {
                    flat.put(rawRows[start + i]);
                }
                flat.flip();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, flat, new long[] {n, width});
                        OrtSession.Result result =
                                session.run(Map.of(OnnxModelExporter.INPUT, tensor))) {
                    float[][] out = (float[][]) result.get(0).getValue();
                    for (int i = 0; i < n; i++) {
                        scores[start + i] = out[i][0];
                    }
                }
            }
        }
        return scores;
    }
}
