package dev.slidr.job;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.decision.InvalidThresholdsException;
import dev.slidr.inference.decision.SliceThresholds;
import dev.slidr.inference.scoring.InvalidModelException;
import dev.slidr.inference.scoring.OnnxScorer;
import dev.slidr.inference.scoring.ScorerOptions;
import dev.slidr.rules.slice.Slicing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model deployed from a plain directory until the registry serves bundles: {@value #MODEL_FILE}
 * (the ONNX graph) and {@value #THRESHOLDS_FILE} (versions, slicing, per-slice thresholds and the
 * reference row that explains decisions).
 *
 * <pre>{@code
 * {
 *   "model_version": "m20260302-1a2b3c4d",
 *   "feature_version": "v1",
 *   "calibration_version": "c20260302",
 *   "slicing": "device_and_login",
 *   "thresholds": {"desktop/logged_in": 0.91, "desktop/anonymous": 0.87, ...},
 *   "default_threshold": 0.9,
 *   "reference_features": [0, 0, 3, 12, ...]
 * }
 * }</pre>
 *
 * {@code slicing} (default {@code device_and_login}) and {@code default_threshold} (used for the
 * slices without an entry) are optional; everything else is required.
 */
public final class ModelDirectory {

    public static final String MODEL_FILE = "model.onnx";
    public static final String THRESHOLDS_FILE = "thresholds.json";

    /** Bounds the thresholds file so that a wrong path cannot fill the heap. */
    private static final long MAX_THRESHOLDS_BYTES = 1 << 20;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ModelDirectory() {}

    /**
     * Reads and checks the directory.
     *
     * @throws InvalidJobConfigException naming the file and what is wrong with it
     */
    public static DeployedModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidJobConfigException("model directory " + dir + " does not exist");
        }
        Path thresholdsFile = dir.resolve(THRESHOLDS_FILE);
        JsonNode root = readJson(thresholdsFile);
        byte[] onnx = readBytes(dir.resolve(MODEL_FILE));
        String where = thresholdsFile.toString();
        String modelVersion = text(root, "model_version", where);
        String featureVersion = text(root, "feature_version", where);
        String calibrationVersion = text(root, "calibration_version", where);
        List<String> names;
        try {
            // the job computes one feature version; a model of another cannot be scored by it
            names = FeatureSchema.requireCurrent(featureVersion).names();
        } catch (IllegalArgumentException e) {
            throw new InvalidJobConfigException(
                    where + ": feature_version '" + featureVersion + "': " + e.getMessage(), e);
        }
        Slicing slicing;
        try {
            slicing =
                    root.hasNonNull("slicing")
                            ? Slicing.fromName(text(root, "slicing", where))
                            : Slicing.DEVICE_AND_LOGIN;
        } catch (IllegalArgumentException e) {
            throw new InvalidJobConfigException(where + ": slicing: " + e.getMessage(), e);
        }
        JsonNode thresholdNode = root.get("thresholds");
        if (thresholdNode == null || !thresholdNode.isObject()) {
            throw new InvalidJobConfigException(
                    where + ": 'thresholds' must be an object of slice name to threshold");
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = thresholdNode.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNumber()) {
                throw new InvalidJobConfigException(
                        where + ": threshold of slice '" + field.getKey() + "' is not a number");
            }
            thresholds.put(field.getKey(), field.getValue().doubleValue());
        }
        SliceThresholds sliceThresholds;
        try {
            JsonNode fallback = root.get("default_threshold");
            if (fallback == null || fallback.isNull()) {
                sliceThresholds = SliceThresholds.of(calibrationVersion, thresholds, slicing);
            } else if (fallback.isNumber()) {
                sliceThresholds =
                        SliceThresholds.withDefault(
                                calibrationVersion, thresholds, slicing, fallback.doubleValue());
            } else {
                throw new InvalidJobConfigException(
                        where + ": 'default_threshold' is not a number");
            }
        } catch (InvalidThresholdsException e) {
            throw new InvalidJobConfigException(where + ": " + e.getMessage(), e);
        }
        JsonNode referenceNode = root.get("reference_features");
        if (referenceNode == null || !referenceNode.isArray()) {
            throw new InvalidJobConfigException(
                    where
                            + ": 'reference_features' must be an array of "
                            + names.size()
                            + " numbers");
        }
        float[] reference = new float[referenceNode.size()];
        for (int i = 0; i < reference.length; i++) {
            if (!referenceNode.get(i).isNumber()) {
                throw new InvalidJobConfigException(
                        where + ": reference_features[" + i + "] is not a number");
            }
            reference[i] = referenceNode.get(i).floatValue();
        }
        DeployedModel model;
        try {
            model =
                    new DeployedModel(
                            modelVersion, featureVersion, names, onnx, reference, sliceThresholds);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobConfigException(where + ": " + e.getMessage(), e);
        }
        checkGraph(dir.resolve(MODEL_FILE), onnx, names);
        return model;
    }

    /**
     * Opens the graph once on the CPU, so that a model ONNX Runtime cannot use fails at start with
     * its reason instead of failing every scoring subtask in a restart loop.
     */
    private static void checkGraph(Path file, byte[] onnx, List<String> names) {
        try (OnnxScorer scorer = OnnxScorer.open(onnx, names, ScorerOptions.defaults())) {
            scorer.activeProvider();
        } catch (InvalidModelException e) {
            throw new InvalidJobConfigException(file + ": " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new InvalidJobConfigException(
                    file + ": ONNX Runtime failed on it: " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            if (Files.size(file) > MAX_THRESHOLDS_BYTES) {
                throw new InvalidJobConfigException(
                        file + " is larger than " + MAX_THRESHOLDS_BYTES + " bytes");
            }
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new InvalidJobConfigException(file + " does not hold a JSON object");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new InvalidJobConfigException(file + " is missing", e);
        } catch (JsonProcessingException e) {
            throw new InvalidJobConfigException(
                    file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidJobConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidJobConfigException(file + " is missing", e);
        } catch (IOException e) {
            throw new InvalidJobConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field, String where) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidJobConfigException(
                    where + ": '" + field + "' must be a non-blank string");
        }
        return node.asText();
    }
}
