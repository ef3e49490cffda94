package dev.slidr.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mean and spread of each feature over a window's scored clicks, to say which features of one
 * click stand out. Values are compared as {@code sign(x) * log1p(|x|)}: counts span orders of
 * magnitude, and the network sees them through {@code log1p} too. A click's feature stands out by
 * its z value against the window; this describes the click, it does not attribute the score (the
 * bundle's graph gives no attribution), and the docs say so.
 */
final class FeatureSpread {

    /** Below this spread a feature is constant in the window and never stands out. */
    private static final double MIN_STD = 1e-6;

    private final List<String> names;
    private final long[] n;
    private final double[] mean;
    private final double[] m2;

    FeatureSpread(List<String> names) {
        this.names = List.copyOf(names);
        this.n = new long[names.size()];
        this.mean = new double[names.size()];
        this.m2 = new double[names.size()];
    }

    /** Adds one scored click's features (Welford's update; extra features are ignored). */
    void add(float[] x) {
        int width = Math.min(x.length, names.size());
        for (int j = 0; j < width; j++) {
            double t = transformed(x[j]);
            n[j]++;
            double delta = t - mean[j];
            mean[j] += delta / n[j];
            m2[j] += delta * (t - mean[j]);
        }
    }

    /** How many standard deviations {@code value} of feature {@code j} lies above the mean. */
    double z(int j, float value) {
        if (n[j] < 2) {
            return 0;
        }
        double std = Math.sqrt(m2[j] / (n[j] - 1));
        return std < MIN_STD ? 0 : (transformed(value) - mean[j]) / std;
    }

    /**
     * The {@code count} features of {@code x} that lie furthest above the window, highest first.
     */
    List<FeatureValue> top(float[] x, int count) {
        List<FeatureValue> all = new ArrayList<>();
        int width = Math.min(x.length, names.size());
        for (int j = 0; j < width; j++) {
            double z = z(j, x[j]);
            if (z > 0) {
                all.add(new FeatureValue(names.get(j), x[j], z));
            }
        }
        all.sort(
                Comparator.comparingDouble(FeatureValue::z)
                        .reversed()
                        .thenComparing(FeatureValue::name));
        return all.subList(0, Math.min(count, all.size()));
    }

    static double transformed(float x) {
        return Math.signum(x) * Math.log1p(Math.abs(x));
    }
}
