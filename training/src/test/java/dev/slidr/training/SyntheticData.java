package dev.slidr.training;

import java.util.Random;

/** Seeded synthetic problems for the training tests. */
final class SyntheticData {

    private SyntheticData() {}

    /** Two concentric rings in the plane: label 1 on the outer ring, plus noise features. */
    static TrainingSet rings(int n, int noiseFeatures, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][2 + noiseFeatures];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            boolean outer = random.nextBoolean();
            double radius = (outer ? 2.0 : 1.0) + 0.15 * random.nextGaussian();
            double angle = random.nextDouble() * 2 * Math.PI;
            x[i][0] = (float) (radius * Math.cos(angle));
            x[i][1] = (float) (radius * Math.sin(angle));
            for (int j = 0; j < noiseFeatures; j++) {
                x[i][2 + j] = (float) random.nextGaussian();
            }
            y[i] = outer ? 1f : 0f;
        }
        return TrainingSet.unweighted(x, y);
    }

    /** XOR of the signs of two features, with random positive weights. */
    static TrainingSet xor(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][2];
        float[] y = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double a = random.nextDouble() * 2 - 1;
            double b = random.nextDouble() * 2 - 1;
            x[i][0] = (float) a;
            x[i][1] = (float) b;
            y[i] = (a > 0) ^ (b > 0) ? 1f : 0f;
            w[i] = 0.5f + random.nextFloat();
        }
        return new TrainingSet(x, y, w);
    }

    /**
     * Gaussian rows with a linear-logistic label (coefficients fixed per width, so sets drawn with
     * different seeds come from the same problem) and weights in [0.5, 1.5).
     */
    static TrainingSet linear(int n, int features, long seed) {
        Random coefficients = new Random(1000L + features);
        double[] beta = new double[features];
        for (int j = 0; j < features; j++) {
            beta[j] = coefficients.nextGaussian();
        }
        Random random = new Random(seed);
        float[][] x = new float[n][features];
        float[] y = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double z = 0.3;
            for (int j = 0; j < features; j++) {
                x[i][j] = (float) random.nextGaussian();
                z += beta[j] * x[i][j];
            }
            y[i] = random.nextDouble() < RobotNetwork.sigmoid(z) ? 1f : 0f;
            w[i] = 0.5f + random.nextFloat();
        }
        return new TrainingSet(x, y, w);
    }

    /** Gaussian rows with coin-flip labels: nothing to learn. */
    static TrainingSet noise(int n, int features, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][features];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i] = random.nextBoolean() ? 1f : 0f;
        }
        return TrainingSet.unweighted(x, y);
    }

    static double accuracy(RobotNetwork net, TrainingSet data) {
        double[] p = net.probabilities(data.x());
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            if ((p[i] >= 0.5) == (data.y()[i] >= 0.5f)) {
                right++;
            }
        }
        return (double) right / p.length;
    }
}
