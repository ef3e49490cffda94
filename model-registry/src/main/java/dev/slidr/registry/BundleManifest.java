package dev.slidr.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} of a model bundle: what the model is, what it was trained on, the
 * SHA-256 of every other file of the bundle, its metrics and its guardrail results.
 *
 * <p>Read and written by {@link ManifestCodec}; built by {@link BundleWriter}. The constructor
 * validates every field, so a manifest in hand is always well formed.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param modelVersion the model version, also the bundle's directory name in the registry
 * @param parentVersion the stable model when this one was trained, or null
 * @param createdAt when the bundle was written
 * @param featureVersion the feature schema version the model reads (e.g. {@code v2})
 * @param featureNames the model's input columns, in schema order
 * @param dataRange the event-time range of the training data
 * @param referenceFeatures the median raw training row (one value per feature)
 * @param files file name → lower-case hex SHA-256, for every file of the bundle but the manifest
 * @param metrics free-form JSON object: holdout metrics, baselines
 * @param guardrails the guardrail checks the model went through
 */
public record BundleManifest(
        int formatVersion,
        String modelVersion,
        String parentVersion,
        Instant createdAt,
        String featureVersion,
        List<String> featureNames,
        DataRange dataRange,
        float[] referenceFeatures,
        Map<String, String> files,
        ObjectNode metrics,
        List<Guardrail> guardrails) {

    /** The manifest format this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The manifest's own file name; it is the one file of a bundle not listed in itself. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** The ONNX model (required in every bundle). */
    public static final String MODEL_FILE = "model.onnx";

    /** The per-slice thresholds (required in every bundle). */
    public static final String CALIBRATION_FILE = "calibration.json";

    /** The training report. */
    public static final String REPORT_FILE = "report.html";

    /**
     * Model versions become directory names, so they are plain: a letter or digit, then letters,
     * digits, {@code . _ -}, at most 128 characters.
     */
    public static final Pattern VERSION_PATTERN =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Bundle file names: plain names, no directories, no hidden files. */
    public static final Pattern FILE_NAME_PATTERN =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** The event-time range of the training data, {@code from <= to}. */
    public record DataRange(Instant from, Instant to) {
        public DataRange {
            present(from, "data_range.from");
            present(to, "data_range.to");
            if (from.isAfter(to)) {
                throw new IllegalArgumentException(
                        "data_range.from " + from + " is after data_range.to " + to);
            }
        }
    }

    /** One guardrail check: its name, whether the model passed, and what was measured. */
    public record Guardrail(String name, boolean passed, String detail) {
        public Guardrail {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a guardrail has no name");
            }
            detail = detail == null ? "" : detail;
        }
    }

    public BundleManifest {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "format_version is " + formatVersion + ", this build reads " + FORMAT_VERSION);
        }
        requireVersion(modelVersion, "model_version");
        if (parentVersion != null) {
            requireVersion(parentVersion, "parent_version");
        }
        present(createdAt, "created_at");
        if (featureVersion == null || featureVersion.isBlank()) {
            throw new IllegalArgumentException("feature_version is missing");
        }
        present(featureNames, "feature_names");
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("feature_names is empty");
        }
        if (featureNames.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new IllegalArgumentException("feature_names has a blank name");
        }
        if (featureNames.stream().distinct().count() != featureNames.size()) {
            throw new IllegalArgumentException("feature_names lists a name twice");
        }
        present(dataRange, "data_range");
        present(referenceFeatures, "reference_features");
        if (referenceFeatures.length != featureNames.size()) {
            throw new IllegalArgumentException(
                    "reference_features has "
                            + referenceFeatures.length
                            + " values for "
                            + featureNames.size()
                            + " features");
        }
        for (int i = 0; i < referenceFeatures.length; i++) {
            if (!Float.isFinite(referenceFeatures[i])) {
                throw new IllegalArgumentException(
                        "reference_features["
                                + i
                                + "] ("
                                + featureNames.get(i)
                                + ") is "
                                + referenceFeatures[i]);
            }
        }
        present(files, "files");
        for (Map.Entry<String, String> f : files.entrySet()) {
            String name = f.getKey();
            if (name == null || !FILE_NAME_PATTERN.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "files lists " + quote(name) + ", not a plain file name");
            }
            if (name.equals(MANIFEST_FILE)) {
                throw new IllegalArgumentException("files lists manifest.json itself");
            }
            if (f.getValue() == null || !SHA256_HEX.matcher(f.getValue()).matches()) {
                throw new IllegalArgumentException(
                        "files."
                                + name
                                + " is not a lower-case hex SHA-256: "
                                + quote(f.getValue()));
            }
        }
        for (String required : List.of(MODEL_FILE, CALIBRATION_FILE)) {
            if (!files.containsKey(required)) {
                throw new IllegalArgumentException("files does not list " + required);
            }
        }
        metrics = metrics == null ? JsonNodeFactory.instance.objectNode() : metrics.deepCopy();
        present(guardrails, "guardrails");
        if (guardrails.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("guardrails has a null entry");
        }
        featureNames = List.copyOf(featureNames);
        referenceFeatures = referenceFeatures.clone();
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        guardrails = List.copyOf(guardrails);
    }

    /** A copy of the reference row; the record never hands out its own array. */
    @Override
    public float[] referenceFeatures() {
        return referenceFeatures.clone();
    }

    /** A copy of the metrics object. */
    @Override
    public ObjectNode metrics() {
        return metrics.deepCopy();
    }

    /** The parent version, if the model had one. */
    public Optional<String> parent() {
        return Optional.ofNullable(parentVersion);
    }

    /** True when every guardrail passed (and vacuously when there were none). */
    public boolean guardrailsPassed() {
        return guardrails.stream().allMatch(Guardrail::passed);
    }

    /** The guardrails that failed. */
    public List<Guardrail> failedGuardrails() {
        return guardrails.stream().filter(g -> !g.passed()).toList();
    }

    /** A metric by JSON pointer (e.g. {@code /holdout/auc}), if present. */
    public Optional<JsonNode> metric(String jsonPointer) {
        JsonNode node = metrics.at(jsonPointer);
        return node.isMissingNode() ? Optional.empty() : Optional.of(node.deepCopy());
    }

    /** This manifest with another file list (used by the writer once hashes are known). */
    public BundleManifest withFiles(Map<String, String> newFiles) {
        return new BundleManifest(
                formatVersion,
                modelVersion,
                parentVersion,
                createdAt,
                featureVersion,
                featureNames,
                dataRange,
                referenceFeatures,
                newFiles,
                metrics,
                guardrails);
    }

    private static void present(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }

    static void requireVersion(String version, String field) {
        if (version == null || !VERSION_PATTERN.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    field
                            + " "
                            + quote(version)
                            + " is not a valid model version (letters, digits, . _ -; at most"
                            + " 128)");
        }
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleManifest m
                && formatVersion == m.formatVersion
                && modelVersion.equals(m.modelVersion)
                && Objects.equals(parentVersion, m.parentVersion)
                && createdAt.equals(m.createdAt)
                && featureVersion.equals(m.featureVersion)
                && featureNames.equals(m.featureNames)
                && dataRange.equals(m.dataRange)
                && Arrays.equals(referenceFeatures, m.referenceFeatures)
                && files.equals(m.files)
                && metrics.equals(m.metrics)
                && guardrails.equals(m.guardrails);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                                modelVersion,
                                parentVersion,
                                createdAt,
                                featureVersion,
                                featureNames,
                                dataRange,
                                files,
                                metrics,
                                guardrails)
                        * 31
                + Arrays.hashCode(referenceFeatures);
    }

    @Override
    public String toString() {
        return "BundleManifest[" + modelVersion + ", files=" + files.keySet() + "]";
    }
}
