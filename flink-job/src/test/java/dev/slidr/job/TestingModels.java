package dev.slidr.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.decision.SliceThresholds;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.rules.slice.Slicing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real model for the job's tests: inference's {@link TestModels} network (trained with the
 * production trainer on synthetic rows of the current feature schema labelled robotic when {@code
 * user_clicks_1h} exceeds {@link #ROBOT_CLICKS_1H}, exported with the production exporter),
 * deployed with one threshold for every slice.
 */
public final class TestingModels {

    public static final int ROBOT_CLICKS_1H = TestModels.ROBOT_CLICKS_1H;
    public static final String MODEL_VERSION = TestModels.MODEL_VERSION;
    public static final String CALIBRATION_VERSION = "c20260302-jobtest";
    public static final double THRESHOLD = 0.5;

    private static final List<String> NAMES = FeatureSchema.CURRENT.names();

    private static DeployedModel model;

    private TestingModels() {}

    /** The deployed test model: inference's shared test network behind default thresholds. */
    public static synchronized DeployedModel model() {
        if (model == null) {
            TestModels network = TestModels.get();
            model =
                    new DeployedModel(
                            MODEL_VERSION,
                            FeatureSchema.CURRENT.version(),
                            NAMES,
                            network.onnx(),
                            network.reference(),
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
}
