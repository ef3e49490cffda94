package dev.slidr.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.decision.SliceThresholds;
import dev.slidr.inference.decision.Slicing;
import dev.slidr.training.FeatureNormalizer;
import dev.slidr.training.FittedModel;
import dev.slidr.training.OnnxModelExporter;
import dev.slidr.training.OnnxModelMetadata;
import dev.slidr.training.ScoringModelTrainer;
import dev.slidr.training.TrainingOptions;
import dev.slidr.training.TrainingSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A real model for the job's tests: a small network trained with the production trainer on
 * synthetic v1 rows labelled robotic when {@code user_clicks_1h} exceeds {@value #ROBOT_CLICKS_1H},
 * exported with the production exporter, deployed with one threshold for every slice. Built once
 * per JVM.
 */
public final class TestingModels {

    public static final int ROBOT_CLICKS_1H = 30;
    public static final String MODEL_VERSION = "m20260302-jobtest";
    public static final String CALIBRATION_VERSION = "c20260302-jobtest";
    public static final double THRESHOLD = 0.5;

    private static final List<String> NAMES = FeatureSchema.V1.names();
    private static final int F = NAMES.size();

    private static DeployedModel model;

    private TestingModels() {}

    /** The deployed test model. */
    public static synchronized DeployedModel model() {
        if (model == null) {
            TrainingSet train = rows(3000, 1L);
            TrainingSet validation = rows(800, 2L);
            boolean[] counts = new boolean[F];
            for (int j = 0; j < F; j++) {
                counts[j] = isCount(j);
            }
            FeatureNormalizer normalizer = FeatureNormalizer.fit(train.x(), counts, 1e-3);
            FittedModel fitted =
                    new ScoringModelTrainer(
                                    TrainingOptions.defaults()
                                            .withLearningRate(0.01)
                                            .withEpochs(10, 3)
                                            .withBatchSize(256))
                            .network(16, 8, normalizer, train, validation);
            byte[] onnx =
                    OnnxModelExporter.toBytes(
                            fitted.model(),
                            new OnnxModelMetadata(MODEL_VERSION, "v1", NAMES, "mlp"));
            model =
                    new DeployedModel(
                            MODEL_VERSION,
                            "v1",
                            NAMES,
                            onnx,
                            median(train.x()),
                            SliceThresholds.withDefault(
                                    CALIBRATION_VERSION,
                                    Map.of(),
                                    Slicing.DEVICE_AND_LOGIN,
                                    THRESHOLD));
        }
        return model;
    }

    /** Writes the test model as a model directory ({@code model.onnx}, {@code thresholds.json}). */
    public static Path writeModelDirectory(Path dir) throws IOException {
        DeployedModel m = model();
        Files.createDirectories(dir);
        Files.write(dir.resolve(ModelDirectory.MODEL_FILE), m.onnx());
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("model_version", m.modelVersion());
        thresholds.put("feature_version", m.featureVersion());
        thresholds.put("calibration_version", CALIBRATION_VERSION);
        thresholds.put("slicing", "device_and_login");
        thresholds.put("thresholds", Map.of("desktop/logged_in", 0.6));
        thresholds.put("default_threshold", THRESHOLD);
        thresholds.put("reference_features", m.referenceFeatures());
        new ObjectMapper()
                .writeValue(dir.resolve(ModelDirectory.THRESHOLDS_FILE).toFile(), thresholds);
        return dir;
    }

    private static boolean isCount(int j) {
        return j <= FeatureSchema.IP_DISTINCT_SESSIONS_24H
                && j != FeatureSchema.USER_VELOCITY
                && j != FeatureSchema.USER_SECONDS_SINCE_PREVIOUS;
    }

    private static TrainingSet rows(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
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
            x[i] = row;
            y[i] = row[FeatureSchema.USER_CLICKS_1H] > ROBOT_CLICKS_1H ? 1f : 0f;
        }
        return TrainingSet.unweighted(x, y);
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
