package dev.slidr.job.model;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.decision.InvalidThresholdsException;
import dev.slidr.inference.decision.SliceThresholds;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.calibration.CalibrationFile;
import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.SliceCalibration;
import dev.slidr.rules.slice.Slicing;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A verified registry bundle as the model a scoring subtask deploys: the ONNX graph, the manifest's
 * features and reference row, and the calibration's per-slice thresholds under the slicing scheme
 * the calibration names (training writes it; bundles from before the field read as device × login).
 * The job reads bundles through this, so no converted model directory sits between the registry and
 * the job.
 *
 * <pre>{@code
 * DeployedModel model = BundleModels.deployed(RegistryModel.resolve(registry, null));
 * }</pre>
 */
public final class BundleModels {

    private BundleModels() {}

    /**
     * The deployed model of {@code bundle}, which must already be verified (as {@link
     * RegistryModel#resolve} and {@code ModelRegistry.load} do).
     *
     * @throws IllegalArgumentException when the bundle's features are not the job's, or its
     *     calibration does not give a threshold for every slice
     */
    public static DeployedModel deployed(ModelBundle bundle) {
        String version = bundle.version();
        String featureVersion = bundle.manifest().featureVersion();
        // the job computes one feature version; a model of another cannot be scored by it
        FeatureSchema schema = FeatureSchema.requireCurrent(featureVersion);
        if (!schema.names().equals(bundle.manifest().featureNames())) {
            throw new IllegalArgumentException(
                    "model "
                            + version
                            + " names features "
                            + bundle.manifest().featureNames()
                            + ", the job computes "
                            + schema.names());
        }
        CalibrationResult calibration = CalibrationFile.fromJson(bundle.calibrationJson());
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (SliceCalibration slice : calibration.slices()) {
            thresholds.put(slice.slice(), slice.threshold());
        }
        Slicing slicing;
        try {
            // the scheme training calibrated: the job slices clicks by it, never by its own
            slicing = Slicing.fromName(calibration.slicing());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "model " + version + ": calibration.json: " + e.getMessage(), e);
        }
        SliceThresholds sliceThresholds;
        try {
            sliceThresholds = SliceThresholds.of(calibration.version(), thresholds, slicing);
        } catch (InvalidThresholdsException e) {
            throw new IllegalArgumentException(
                    "model " + version + ": calibration.json: " + e.getMessage(), e);
        }
        return new DeployedModel(
                version,
                featureVersion,
                schema.names(),
                bundle.model(),
                bundle.manifest().referenceFeatures(),
                sliceThresholds);
    }
}
