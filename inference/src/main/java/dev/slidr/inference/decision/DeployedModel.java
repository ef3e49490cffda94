package dev.slidr.inference.decision;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Everything a scoring subtask needs to turn feature vectors into decisions: the ONNX model, the
 * feature layout it was trained on, the reference row that explains its decisions, the per-slice
 * thresholds and the versions written into every decision. Checked once when built.
 *
 * @param modelVersion the registry version of the model ({@code m20250609-1a2b3c4d})
 * @param featureVersion the feature schema version the model reads ({@code v2})
 * @param featureNames the feature names in column order
 * @param onnx the serialized ONNX model
 * @param referenceFeatures the manifest's {@code reference_features}: the median raw training row
 * @param thresholds the per-slice thresholds and their calibration version
 */
public record DeployedModel(
        String modelVersion,
        String featureVersion,
        List<String> featureNames,
        byte[] onnx,
        float[] referenceFeatures,
        SliceThresholds thresholds)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public DeployedModel {
        requireText(modelVersion, "model version");
        requireText(featureVersion, "feature version");
        Objects.requireNonNull(featureNames, "featureNames");
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(referenceFeatures, "referenceFeatures");
        Objects.requireNonNull(thresholds, "thresholds");
        featureNames = List.copyOf(featureNames);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("the feature list is empty");
        }
        if (new HashSet<>(featureNames).size() != featureNames.size()) {
            throw new IllegalArgumentException("feature names repeat: " + featureNames);
        }
        if (onnx.length == 0) {
            throw new IllegalArgumentException("the ONNX model is empty");
        }
        if (referenceFeatures.length != featureNames.size()) {
            throw new IllegalArgumentException(
                    "the reference row has "
                            + referenceFeatures.length
                            + " features, the model "
                            + featureNames.size());
        }
        for (int i = 0; i < referenceFeatures.length; i++) {
            if (!Float.isFinite(referenceFeatures[i])) {
                throw new IllegalArgumentException(
                        "reference feature " + featureNames.get(i) + " is " + referenceFeatures[i]);
            }
        }
        onnx = onnx.clone();
        referenceFeatures = referenceFeatures.clone();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be blank");
        }
    }

    /** A copy of the model bytes. */
    @Override
    public byte[] onnx() {
        return onnx.clone();
    }

    /** A copy of the reference row. */
    @Override
    public float[] referenceFeatures() {
        return referenceFeatures.clone();
    }

    public int featureCount() {
        return featureNames.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeployedModel that
                && modelVersion.equals(that.modelVersion)
                && featureVersion.equals(that.featureVersion)
                && featureNames.equals(that.featureNames)
                && Arrays.equals(onnx, that.onnx)
                && Arrays.equals(referenceFeatures, that.referenceFeatures)
                && thresholds.equals(that.thresholds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelVersion, featureVersion, thresholds);
    }

    @Override
    public String toString() {
        return "DeployedModel["
                + modelVersion
                + ", features "
                + featureVersion
                + " ("
                + featureNames.size()
                + "), "
                + onnx.length
                + " bytes, "
                + thresholds
                + "]";
    }
}
