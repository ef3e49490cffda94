package dev.slidr.training.pipeline;

import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.training.FittedModel;
import java.time.Instant;
import java.util.List;

/**
 * What {@link TrainingPipeline#train} produced: the network and its baseline, the exported ONNX
 * bytes, the calibration, holdout evaluations of all three scorers, the reference row and the
 * guardrails judged so far (the bundle checksum check comes after writing).
 *
 * @param netScores network scores per table row (calibration and holdout rows; others 0)
 * @param calibrationRows row indices of {@code table} the thresholds were calibrated on
 *     (validation, and training rows left out of the fit)
 * @param holdout holdout row indices of {@code table}
 * @param slicing the slicing calibrated and evaluated, and why; {@code table}'s slice ids are its
 */
public record TrainedModel(
        String version,
        Instant from,
        Instant to,
        TimeSplit split,
        FeatureTable table,
        int trainRows,
        FittedModel network,
        FittedModel logisticRegression,
        byte[] onnx,
        CalibrationResult calibration,
        Evaluation holdoutEvaluation,
        Evaluation logisticRegressionEvaluation,
        Evaluation heuristicEvaluation,
        float[] referenceFeatures,
        List<GuardrailResult> guardrails,
        InputReport inputs,
        double[] netScores,
        int[] calibrationRows,
        int[] holdout,
        SlicingChoice slicing) {}
