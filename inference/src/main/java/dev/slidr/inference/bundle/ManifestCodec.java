package dev.slidr.inference.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code manifest.json} (format version 1, snake_case).
 *
 * <pre>{@code
 * {
 *   "format_version" : 1,
 *   "model_version" : "m20250609-1a2b3c4d",
 *   "parent_version" : null,
 *   "created_at" : "2025-06-09T03:12:44Z",
 *   "feature_version" : "v1",
 *   "feature_names" : [ "user_clicks_1m", ... ],
 *   "data_range" : { "from" : "2025-06-02T00:00:00Z", "to" : "2025-06-09T00:00:00Z" },
 *   "reference_features" : [ 0.0, 1.0, ... ],
 *   "files" : { "calibration.json" : "<sha-256>", "model.onnx" : "<sha-256>", "report.html" : "<sha-256>" },
 *   "metrics" : { ... },
 *   "guardrails" : [ { "name" : "holdout_fpr", "passed" : true, "detail" : "0.018 <= 0.02" } ]
 * }
 * }</pre>
 *
 * <p>Reading is strict: every field must be present ({@code parent_version} may be null), no
 * unknown field is accepted (a later format gets a new {@code format_version}; {@code metrics} is
 * the free-form place for additions), and every error names the field.
 */
public final class ManifestCodec {

    /** A manifest larger than this is refused before it is parsed. */
    public static final int MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

    static final ObjectMapper JSON =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .build();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(64)
                                .maxStringLength(1 << 20)
                                .build());
    }

    private ManifestCodec() {}

    /** JSON shape of the data range. */
    record RangeJson(
            @JsonProperty(required = true) String from, @JsonProperty(required = true) String to) {}

    /** JSON shape of one guardrail. */
    record GuardrailJson(
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) Boolean passed,
            @JsonProperty(required = true) String detail) {}

    /** JSON shape of the whole manifest. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ManifestJson(
            @JsonProperty(required = true) Integer formatVersion,
            @JsonProperty(required = true) String modelVersion,
            @JsonProperty(required = true) String parentVersion,
            @JsonProperty(required = true) String createdAt,
            @JsonProperty(required = true) String featureVersion,
            @JsonProperty(required = true) List<String> featureNames,
            @JsonProperty(required = true) RangeJson dataRange,
            @JsonProperty(required = true) float[] referenceFeatures,
            @JsonProperty(required = true) Map<String, String> files,
            @JsonProperty(required = true) JsonNode metrics,
            @JsonProperty(required = true) List<GuardrailJson> guardrails) {}

    /** The manifest as UTF-8 JSON bytes. */
    public static byte[] toJson(BundleManifest m) {
        ManifestJson doc =
                new ManifestJson(
                        m.formatVersion(),
                        m.modelVersion(),
                        m.parentVersion(),
                        m.createdAt().toString(),
                        m.featureVersion(),
                        m.featureNames(),
                        new RangeJson(
                                m.dataRange().from().toString(), m.dataRange().to().toString()),
                        m.referenceFeatures(),
                        m.files(),
                        m.metrics(),
                        m.guardrails().stream()
                                .map(g -> new GuardrailJson(g.name(), g.passed(), g.detail()))
                                .toList());
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write manifest as JSON", e);
        }
    }

    /** Parses and validates manifest JSON; every problem is an {@link InvalidManifestException}. */
    public static BundleManifest fromJson(byte[] json) {
        if (json.length > MAX_MANIFEST_BYTES) {
            throw invalid(
                    "manifest.json has "
                            + json.length
                            + " bytes, more than the limit of "
                            + MAX_MANIFEST_BYTES,
                    null);
        }
        ManifestJson doc;
        try {
            doc = JSON.readValue(json, ManifestJson.class);
        } catch (JsonMappingException e) {
            throw invalid(
                    "manifest.json is not valid at " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw invalid("manifest.json is not valid JSON: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw invalid("manifest.json is empty (JSON null)", null);
        }
        if (doc.formatVersion() == null) {
            throw invalid("manifest.json: format_version is null", null);
        }
        if (doc.formatVersion() != BundleManifest.FORMAT_VERSION) {
            throw invalid(
                    "manifest.json has format_version "
                            + doc.formatVersion()
                            + ", this build reads "
                            + BundleManifest.FORMAT_VERSION,
                    null);
        }
        if (doc.metrics() == null || !doc.metrics().isObject()) {
            throw invalid("manifest.json: metrics must be a JSON object", null);
        }
        if (doc.dataRange() == null) {
            throw invalid("manifest.json: data_range is null", null);
        }
        if (doc.guardrails() == null) {
            throw invalid("manifest.json: guardrails is null", null);
        }
        List<BundleManifest.Guardrail> guardrails;
        try {
            guardrails =
                    doc.guardrails().stream()
                            .map(
                                    g -> {
                                        if (g == null || g.passed() == null) {
                                            throw new IllegalArgumentException(
                                                    "a guardrail is null or has no passed flag");
                                        }
                                        return new BundleManifest.Guardrail(
                                                g.name(), g.passed(), g.detail());
                                    })
                            .collect(Collectors.toList());
            return new BundleManifest(
                    doc.formatVersion(),
                    doc.modelVersion(),
                    doc.parentVersion(),
                    instant(doc.createdAt(), "created_at"),
                    doc.featureVersion(),
                    doc.featureNames(),
                    new BundleManifest.DataRange(
                            instant(doc.dataRange().from(), "data_range.from"),
                            instant(doc.dataRange().to(), "data_range.to")),
                    doc.referenceFeatures(),
                    doc.files() == null ? null : new LinkedHashMap<>(doc.files()),
                    (ObjectNode) doc.metrics(),
                    guardrails);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid("manifest.json: " + e.getMessage(), e);
        }
    }

    /** Converts any Jackson-serializable value (a record, a map) to a metrics object. */
    public static ObjectNode metricsOf(Object value) {
        JsonNode node = JSON.valueToTree(value);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(
                    "metrics must serialize to a JSON object, not "
                            + (node == null ? "null" : node.getNodeType()));
        }
        return (ObjectNode) node;
    }

    /** The manifest as a UTF-8 string (for display). */
    public static String toJsonString(BundleManifest m) {
        return new String(toJson(m), StandardCharsets.UTF_8);
    }

    private static Instant instant(String text, String field) {
        if (text == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + " " + BundleManifest.quote(text) + " is not an ISO-8601 instant");
        }
    }

    private static String path(JsonMappingException e) {
        String path =
                e.getPath().stream()
                        .map(
                                r ->
                                        r.getFieldName() != null
                                                ? r.getFieldName()
                                                : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."));
        return path.isEmpty() ? "the top level" : path;
    }

    private static InvalidManifestException invalid(String reason, Throwable cause) {
        return new InvalidManifestException(reason, cause);
    }
}
