package dev.slidr.training.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The header of the training report.
 *
 * @param modelVersion the model version
 * @param parentVersion the stable model when it was trained, or null
 * @param createdAt when the model was trained
 * @param featureVersion the feature schema version
 * @param dataFrom start of the training data's event-time range
 * @param dataTo end of the training data's event-time range
 * @param fprBudget the combined FPR budget of the calibration (NaN when not calibrated)
 * @param notes further facts to show (rows, seed, durations, ...), in insertion order
 */
public record ReportMetadata(
        String modelVersion,
        String parentVersion,
        Instant createdAt,
        String featureVersion,
        Instant dataFrom,
        Instant dataTo,
        double fprBudget,
        Map<String, String> notes) {

    public ReportMetadata {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }
}
