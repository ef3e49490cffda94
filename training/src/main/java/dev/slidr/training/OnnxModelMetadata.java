package dev.slidr.training;

import java.util.List;

/**
 * What an exported ONNX model says about itself, written into the model's metadata so that a bundle
 * can be checked against the feature code that will feed it.
 *
 * @param modelVersion the registry version of the model
 * @param featureVersion the feature-set version the rows were built with
 * @param featureNames feature names in column order
 * @param modelKind what the graph computes, e.g. {@code mlp} or {@code logistic_regression}
 */
public record OnnxModelMetadata(
        String modelVersion, String featureVersion, List<String> featureNames, String modelKind) {

    /** Metadata key holding the feature names as a JSON array. */
    public static final String FEATURE_NAMES = "slidr.feature_names";

    /** Metadata key holding the feature-set version. */
    public static final String FEATURE_VERSION = "slidr.feature_version";

    /** Metadata key holding the kind of model. */
    public static final String MODEL_KIND = "slidr.model_kind";

    /** Producer name written into every exported model. */
    public static final String PRODUCER = "slidr";

    public OnnxModelMetadata {
        requireText(modelVersion, "model version");
        requireText(featureVersion, "feature version");
        requireText(modelKind, "model kind");
        if (featureNames == null || featureNames.isEmpty()) {
            throw new IllegalArgumentException("feature names must not be empty");
        }
        featureNames = List.copyOf(featureNames);
        if (featureNames.stream().distinct().count() != featureNames.size()) {
            throw new IllegalArgumentException("feature names must be unique: " + featureNames);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
