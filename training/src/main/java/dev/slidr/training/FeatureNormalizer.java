package dev.slidr.training;

import java.util.Arrays;

/**
 * Per-feature input normalization: an optional {@code log1p} for count features (chosen by a mask),
 * then standardization with the mean and standard deviation of the training rows.
 *
 * <p>Counts are clamped at zero before {@code log1p} (a count is never negative; the clamp keeps a
 * corrupt value from turning into NaN). The standard deviation has a floor so that a constant
 * feature maps to zero instead of dividing by zero. Means and scales are stored as {@code float},
 * the precision the ONNX graph uses, and {@link #transform} computes in the same order as the
 * exported graph (clamp, {@code log(1 + x)}, subtract, divide) so that both paths agree to float
 * rounding.
 *
 * <pre>{@code
 * FeatureNormalizer normalizer = FeatureNormalizer.fit(rawRows, countMask, 1e-3);
 * float[][] normalized = normalizer.transform(rawRows);
 * }</pre>
 */
public final class FeatureNormalizer {

    private final boolean[] logMask;
    private final float[] mean;
    private final float[] scale;

    public FeatureNormalizer(boolean[] logMask, float[] mean, float[] scale) {
        if (logMask == null || mean == null || scale == null) {
            throw new IllegalArgumentException("mask, means and scales must not be null");
        }
        if (logMask.length != mean.length || scale.length != mean.length) {
            throw new IllegalArgumentException(
                    "mask, means and scales differ in length: "
                            + logMask.length
                            + ", "
                            + mean.length
                            + ", "
                            + scale.length);
        }
        for (int j = 0; j < scale.length; j++) {
            if (!Float.isFinite(mean[j]) || !(scale[j] > 0) || !Float.isFinite(scale[j])) {
                throw new IllegalArgumentException(
                        "feature " + j + " has mean " + mean[j] + " and scale " + scale[j]);
            }
        }
        this.logMask = logMask.clone();
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /**
     * Scale of an ignored column: any input value, minus a mean of 0, divided by it is below 1e-28,
     * nothing next to a standardized column, in the trainer and in the ONNX graph alike.
     */
    public static final float IGNORED_SCALE = 1e30f;

    /**
     * The same normalizer with {@code columns} switched off: mean 0 and scale {@link
     * #IGNORED_SCALE}, so their normalized value is (as good as) 0 whatever the input, and a
     * network trained behind this normalizer cannot depend on them. The columns stay in the input,
     * so the live path feeds the same vector.
     */
    public FeatureNormalizer ignoring(int... columns) {
        float[] m = mean.clone();
        float[] sc = scale.clone();
        for (int j : columns) {
            if (j < 0 || j >= m.length) {
                throw new IllegalArgumentException(
                        "no column " + j + " among " + m.length + " features");
            }
            m[j] = 0f;
            sc[j] = IGNORED_SCALE;
        }
        return new FeatureNormalizer(logMask, m, sc);
    }

    /**
     * Fits means and standard deviations (population, unweighted) of the transformed training rows.
     *
     * @param x raw training rows
     * @param logMask true for count features that get {@code log1p}
     * @param stdFloor smallest scale used, {@code > 0}
     */
    public static FeatureNormalizer fit(float[][] x, boolean[] logMask, double stdFloor) {
        if (x == null || x.length == 0) {
            throw new InvalidTrainingDataException("cannot fit a normalizer on zero rows");
        }
        int width = TrainingSet.requireRectangular(x);
        if (logMask == null || logMask.length != width) {
            throw new InvalidTrainingDataException(
                    "log mask has "
                            + (logMask == null ? "no" : String.valueOf(logMask.length))
                            + " entries, rows have "
                            + width
                            + " features");
        }
        if (!(stdFloor > 0)) {
            throw new IllegalArgumentException("std floor must be positive, got " + stdFloor);
        }
        double[] sum = new double[width];
        double[] sumSq = new double[width];
        for (float[] row : x) {
            for (int j = 0; j < width; j++) {
                double t = preTransform(row[j], logMask[j]);
                sum[j] += t;
            }
        }
        float[] mean = new float[width];
        for (int j = 0; j < width; j++) {
            mean[j] = (float) (sum[j] / x.length);
        }
        // second pass around the mean: exact enough for counts in the millions
        for (float[] row : x) {
            for (int j = 0; j < width; j++) {
                double d = preTransform(row[j], logMask[j]) - mean[j];
                sumSq[j] += d * d;
            }
        }
        float[] scale = new float[width];
        for (int j = 0; j < width; j++) {
            scale[j] = (float) Math.max(stdFloor, Math.sqrt(sumSq[j] / x.length));
        }
        return new FeatureNormalizer(logMask, mean, scale);
    }

    private static float preTransform(float v, boolean log) {
        // StrictMath keeps training inputs identical across machines
        return log ? (float) StrictMath.log(1f + Math.max(v, 0f)) : v;
    }

    public int features() {
        return mean.length;
    }

    public boolean[] logMask() {
        return logMask.clone();
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] scale() {
        return scale.clone();
    }

    /** Normalizes one raw row into a new array. */
    public float[] transform(float[] row) {
        if (row == null || row.length != mean.length) {
            throw new InvalidTrainingDataException(
                    "row has "
                            + (row == null ? "no" : String.valueOf(row.length))
                            + " features, the normalizer expects "
                            + mean.length);
        }
        float[] out = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (preTransform(row[j], logMask[j]) - mean[j]) / scale[j];
        }
        return out;
    }

    /** Normalizes many raw rows. */
    public float[][] transform(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = transform(rows[i]);
        }
        return out;
    }

    /** The same set with normalized rows; labels and weights are shared. */
    public TrainingSet transform(TrainingSet data) {
        return new TrainingSet(transform(data.x()), data.y(), data.w());
    }

    @Override
    public String toString() {
        return "FeatureNormalizer{log="
                + Arrays.toString(logMask)
                + ", mean="
                + Arrays.toString(mean)
                + ", scale="
                + Arrays.toString(scale)
                + '}';
    }
}
