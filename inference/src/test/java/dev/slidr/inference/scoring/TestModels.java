package dev.slidr.inference.scoring;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.training.FeatureNormalizer;
import dev.slidr.training.FittedModel;
import dev.slidr.training.OnnxModelExporter;
import dev.slidr.training.OnnxModelMetadata;
import dev.slidr.training.ScoringModel;
import dev.slidr.training.ScoringModelTrainer;
import dev.slidr.training.TrainingOptions;
import dev.slidr.training.TrainingSet;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Real models for tests: a network trained with the production trainer on synthetic rows of the
 * current feature schema whose label depends on one feature only ({@code user_clicks_1h} above
 * {@link #ROBOT_CLICKS_1H}), and exported to ONNX with the production exporter. Built once per JVM.
 */
public final class TestModels {

    /** Label: robotic when the user clicked more than this in the last hour. */
    public static final int ROBOT_CLICKS_1H = 30;

    public static final List<String> NAMES = FeatureSchema.CURRENT.names();
    public static final int F = NAMES.size();
    public static final String MODEL_VERSION = "m20260302-test";

    private static TestModels instance;

    private final ScoringModel model;
    private final byte[] onnx;
    private final float[] reference;

    private TestModels(int hidden1, int hidden2) {
        this(hidden1, hidden2, 1);
    }

    private TestModels(int hidden1, int hidden2, int networks) {
        TrainingSet train = rows(4000, 1L);
        TrainingSet validation = rows(1000, 2L);
        boolean[] counts = new boolean[F];
        for (int j = 0; j < F; j++) {
            counts[j] = isCount(j);
        }
        FeatureNormalizer normalizer = FeatureNormalizer.fit(train.x(), counts, 1e-3);
        FittedModel fitted =
                new ScoringModelTrainer(
                                TrainingOptions.defaults()
                                        .withLearningRate(0.01)
                                        .withEpochs(20, 5)
                                        .withBatchSize(256))
                        .networks(networks, hidden1, hidden2, normalizer, train, validation);
        model = fitted.model();
        onnx =
                OnnxModelExporter.toBytes(
                        model,
                        new OnnxModelMetadata(
                                MODEL_VERSION, FeatureSchema.CURRENT.version(), NAMES, "mlp"));
        reference = median(train.x());
    }

    /** The shared 16-8 network. */
    public static synchronized TestModels get() {
        if (instance == null) {
            instance = new TestModels(16, 8);
        }
        return instance;
    }

    /**
     * A model of the production shape, for benchmarks: {@code networks} networks of {@code train}'s
     * default widths (32-16), averaged into one (hidden widths 32 and 16 times {@code networks}).
     */
    public static TestModels productionSized(int networks) {
        return sized(32, 16, networks);
    }

    /** {@code networks} networks of widths {@code hidden1}-{@code hidden2}, averaged. */
    public static TestModels sized(int hidden1, int hidden2, int networks) {
        return new TestModels(hidden1, hidden2, networks);
    }

    /** The trainer's own model (its forward pass is the parity reference). */
    public ScoringModel model() {
        return model;
    }

    public byte[] onnx() {
        return onnx.clone();
    }

    /** The median raw training row, as a manifest's {@code reference_features}. */
    public float[] reference() {
        return reference.clone();
    }

    /** The trainer's score of each row. */
    public float[] trainerScores(float[][] rows) {
        double[] scores = model.score(rows);
        float[] out = new float[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) scores[i];
        }
        return out;
    }

    static boolean isCount(int j) {
        return (j <= FeatureSchema.IP_DISTINCT_SESSIONS_24H
                        && j != FeatureSchema.USER_VELOCITY
                        && j != FeatureSchema.USER_SECONDS_SINCE_PREVIOUS)
                || j >= FeatureSchema.AD_CLICKS_1H;
    }

    /** Synthetic labelled rows: every feature independent, the label a function of one. */
    public static TrainingSet rows(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = randomRow(random);
            y[i] = x[i][FeatureSchema.USER_CLICKS_1H] > ROBOT_CLICKS_1H ? 1f : 0f;
        }
        return TrainingSet.unweighted(x, y);
    }

    /** One random row; about a third has a robotic hourly click count. */
    public static float[] randomRow(Random random) {
        float[] row = new float[F];
        for (int j = 0; j < F; j++) {
            if (isCount(j)) {
                row[j] = (float) Math.floor(5 * -Math.log(1 - random.nextDouble()));
            }
        }
        row[FeatureSchema.USER_CLICKS_1H] =
                random.nextDouble() < 0.35
                        ? 31 + random.nextInt(400)
                        : (float) Math.floor(random.nextDouble() * 20);
        row[FeatureSchema.USER_VELOCITY] = (float) (random.nextDouble() * 3);
        row[FeatureSchema.USER_SECONDS_SINCE_PREVIOUS] = (float) (random.nextDouble() * 3600);
        double hour = 2 * Math.PI * random.nextInt(24) / 24;
        double day = 2 * Math.PI * random.nextInt(7) / 7;
        row[FeatureSchema.HOUR_SIN] = (float) Math.sin(hour);
        row[FeatureSchema.HOUR_COS] = (float) Math.cos(hour);
        row[FeatureSchema.DAY_OF_WEEK_SIN] = (float) Math.sin(day);
        row[FeatureSchema.DAY_OF_WEEK_COS] = (float) Math.cos(day);
        row[FeatureSchema.LOGGED_IN] = random.nextBoolean() ? 1 : 0;
        row[FeatureSchema.DEVICE_DESKTOP + random.nextInt(4)] = 1;
        return row;
    }

    /** Row-major copy of {@code rows}. */
    public static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * F];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * F, F);
        }
        return flat;
    }

    private static float[] median(float[][] x) {
        float[] out = new float[F];
        float[] column = new float[x.length];
        for (int j = 0; j < F; j++) {
            for (int i = 0; i < x.length; i++) {
                column[i] = x[i][j];
            }
            Arrays.sort(column);
            out[j] = column[column.length / 2];
        }
        return out;
    }
}
