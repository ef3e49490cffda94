package dev.slidr.registry.calibration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes {@code calibration.json}, the per-slice thresholds of a model bundle.
 *
 * <p>Format version 1, snake_case, one object:
 *
 * <pre>{@code
 * {
 *   "format_version": 1,
 *   "calibration_version": "c-20260101",
 *   "slicing": "device_and_login",
 *   "budget": 0.02,
 *   "fitted_objective": 0.181, "realized_objective": 0.179, "exact_objective": 0.180,
 *   "exact_discretized": false, "realized_fpr": 0.0199,
 *   "kkt": {"budget_multiplier": 1.6, "stationarity": 0.0, "complementary_slackness": 0.0,
 *           "primal_feasibility": 0.0, "dual_feasibility": 0.0, "tolerance": 1e-6,
 *           "satisfied": true},
 *   "slices": [
 *     {"slice": "desktop|logged_in", "threshold": 0.83, "chosen_fpr": 0.021,
 *      "fit": {"a": -9.8, "b": 2.7, "c": 0.14}, "expected_ivr": 0.19, "ivr": 0.19,
 *      "fpr": 0.020, "coverage": 0.66, "min_coverage": 0.3, "clicks": 48000,
 *      "purchasing_clicks": 4000, "high_velocity_clicks": 9000, "exact_fpr": 0.022}
 *   ]
 * }
 * }</pre>
 *
 * <p>A click of a slice is invalid when its score is {@code >= threshold}. {@code ivr}, {@code fpr}
 * and {@code coverage} are what the threshold achieved on the held-out clicks, the figures the live
 * monitor holds the model to; {@code coverage} is null when the slice had no high-velocity clicks.
 * {@code slicing} names the scheme the slices belong to ({@code rules}' {@code Slicing}: {@code
 * device_and_login}, {@code device}, {@code login}, {@code single}); training writes the scheme it
 * calibrated, and the job slices clicks by it. A file without it (written before the field) reads
 * as {@value CalibrationResult#DEFAULT_SLICING}. Unknown fields are ignored so that later writers
 * can add some.
 */
public final class CalibrationFile {

    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private CalibrationFile() {}

    /** Thrown when a calibration file cannot be read or does not describe a valid calibration. */
    public static final class InvalidCalibrationFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidCalibrationFileException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** JSON shape of a fitted curve. */
    record Fit(
            @JsonProperty(required = true) double a,
            @JsonProperty(required = true) double b,
            @JsonProperty(required = true) double c) {}

    /** JSON shape of the KKT check. */
    record Kkt(
            @JsonProperty(required = true) double budgetMultiplier,
            @JsonProperty(required = true) double stationarity,
            @JsonProperty(required = true) double complementarySlackness,
            @JsonProperty(required = true) double primalFeasibility,
            @JsonProperty(required = true) double dualFeasibility,
            @JsonProperty(required = true) double tolerance,
            boolean satisfied) {}

    /** JSON shape of one slice's operating point. */
    record Slice(
            @JsonProperty(required = true) String slice,
            @JsonProperty(required = true) double threshold,
            @JsonProperty(required = true) double chosenFpr,
            @JsonProperty(required = true) Fit fit,
            double expectedIvr,
            double ivr,
            double fpr,
            Double coverage,
            double minCoverage,
            long clicks,
            long purchasingClicks,
            long highVelocityClicks,
            double exactFpr) {}

    /** JSON shape of the whole file. */
    record Document(
            @JsonProperty(required = true) int formatVersion,
            @JsonProperty(required = true) String calibrationVersion,
            String slicing,
            @JsonProperty(required = true) double budget,
            double fittedObjective,
            double realizedObjective,
            double exactObjective,
            boolean exactDiscretized,
            double realizedFpr,
            @JsonProperty(required = true) Kkt kkt,
            @JsonProperty(required = true) List<Slice> slices) {}

    /** The JSON text of a calibration. */
    public static String toJson(CalibrationResult result) {
        List<Slice> slices = new ArrayList<>();
        for (SliceCalibration s : result.slices()) {
            slices.add(
                    new Slice(
                            s.slice(),
                            s.threshold(),
                            s.chosenFpr(),
                            new Fit(s.fit().a(), s.fit().b(), s.fit().c()),
                            s.expectedIvr(),
                            s.ivr(),
                            s.fpr(),
                            Double.isNaN(s.coverage()) ? null : s.coverage(),
                            s.minCoverage(),
                            s.clicks(),
                            s.purchasing(),
                            s.highVelocity(),
                            s.exactFpr()));
        }
        KktReport k = result.kkt();
        Document doc =
                new Document(
                        FORMAT_VERSION,
                        result.version(),
                        result.slicing(),
                        result.budget(),
                        result.fittedObjective(),
                        result.realizedObjective(),
                        result.exactObjective(),
                        result.exactDiscretized(),
                        result.realizedFpr(),
                        new Kkt(
                                k.budgetMultiplier(),
                                k.stationarity(),
                                k.complementarySlackness(),
                                k.primalFeasibility(),
                                k.dualFeasibility(),
                                k.tolerance(),
                                k.satisfied()),
                        slices);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write calibration as JSON", e);
        }
    }

    public static void write(CalibrationResult result, Path file) throws IOException {
        Files.writeString(file, toJson(result));
    }

    public static CalibrationResult read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    /** Parses and validates calibration JSON. */
    public static CalibrationResult fromJson(String json) {
        Document doc;
        try {
            doc = JSON.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            throw new InvalidCalibrationFileException(
                    "calibration.json is not valid: " + e.getOriginalMessage(), e);
        }
        if (doc == null) {
            throw invalid("calibration.json is empty");
        }
        if (doc.formatVersion() != FORMAT_VERSION) {
            throw invalid(
                    "calibration.json has format version "
                            + doc.formatVersion()
                            + ", this build reads "
                            + FORMAT_VERSION);
        }
        if (doc.calibrationVersion() == null || doc.calibrationVersion().isBlank()) {
            throw invalid("calibration.json has no calibration_version");
        }
        if (!(doc.budget() > 0 && doc.budget() <= 1)) {
            throw invalid("calibration.json has budget " + doc.budget() + ", expected (0, 1]");
        }
        String slicing = doc.slicing() == null ? CalibrationResult.DEFAULT_SLICING : doc.slicing();
        if (!slicing.matches("[A-Za-z_]{1,32}")) {
            // not echoed: the value may be anything, control characters included
            throw invalid(
                    "calibration.json has a slicing that is not a scheme name (such as "
                            + CalibrationResult.DEFAULT_SLICING
                            + ")");
        }
        if (doc.slices() == null || doc.slices().isEmpty()) {
            throw invalid("calibration.json lists no slices");
        }
        Set<String> seen = new HashSet<>();
        List<SliceCalibration> slices = new ArrayList<>();
        for (Slice s : doc.slices()) {
            if (s == null || s.slice() == null || s.slice().isBlank()) {
                throw invalid("calibration.json has a slice without a name");
            }
            if (!seen.add(s.slice())) {
                throw invalid("calibration.json lists slice " + s.slice() + " twice");
            }
            if (!(s.threshold() >= 0 && s.threshold() <= SliceCalibration.NEVER)) {
                throw invalid(
                        "slice "
                                + s.slice()
                                + " has threshold "
                                + s.threshold()
                                + ", expected [0, 1]");
            }
            if (!(s.fit().a() <= 0)
                    || !Double.isFinite(s.fit().b())
                    || !Double.isFinite(s.fit().c())) {
                throw invalid("slice " + s.slice() + " has a fit that is not a concave quadratic");
            }
            slices.add(
                    new SliceCalibration(
                            s.slice(),
                            s.threshold(),
                            s.chosenFpr(),
                            new QuadraticFit(s.fit().a(), s.fit().b(), s.fit().c()),
                            s.expectedIvr(),
                            s.ivr(),
                            s.fpr(),
                            s.coverage() == null ? Double.NaN : s.coverage(),
                            s.minCoverage(),
                            s.clicks(),
                            s.purchasingClicks(),
                            s.highVelocityClicks(),
                            s.exactFpr()));
        }
        Kkt k = doc.kkt();
        return new CalibrationResult(
                doc.calibrationVersion(),
                doc.budget(),
                slices,
                doc.fittedObjective(),
                doc.realizedObjective(),
                doc.exactObjective(),
                doc.exactDiscretized(),
                doc.realizedFpr(),
                new KktReport(
                        k.budgetMultiplier(),
                        k.stationarity(),
                        k.complementarySlackness(),
                        k.primalFeasibility(),
                        k.dualFeasibility(),
                        k.tolerance()),
                slicing);
    }

    private static InvalidCalibrationFileException invalid(String reason) {
        return new InvalidCalibrationFileException(reason, null);
    }
}
