package dev.slidr.inference.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** manifest.json: round trips and strict reading with errors that name the field. */
class ManifestCodecTest {

    private static BundleManifest sample() {
        return TestingBundles.writer("m20250609-1a2b3c4d")
                .parentVersion("m20250608-00aa11bb")
                .manifest();
    }

    private static String json() {
        return new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8);
    }

    private static BundleManifest read(String json) {
        return ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsEveryField() {
        BundleManifest back = ManifestCodec.fromJson(ManifestCodec.toJson(sample()));
        assertThat(back).isEqualTo(sample());
        assertThat(back.referenceFeatures()).containsExactly(0f, 3f, 12.5f);
        assertThat(back.metric("/holdout/auc"))
                .hasValueSatisfying(n -> assertThat(n.asDouble()).isEqualTo(0.93));
        assertThat(back.parent()).contains("m20250608-00aa11bb");
        assertThat(back.files()).containsOnlyKeys("model.onnx", "calibration.json", "report.html");
    }

    @Test
    void writesSnakeCaseWithExplicitNullParent() {
        String json =
                new String(
                        ManifestCodec.toJson(TestingBundles.writer("m1").manifest()),
                        StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"format_version\" : 1")
                .contains("\"parent_version\" : null")
                .contains("\"created_at\" : \"2025-06-09T03:00:00Z\"")
                .contains("\"data_range\"")
                .contains("\"reference_features\"");
        assertThat(read(json).parentVersion()).isNull();
    }

    @Test
    void keepsNonFiniteMetricsReadable() {
        ObjectNode metrics = ManifestCodec.metricsOf(Map.of("auc", Double.NaN));
        BundleManifest m = TestingBundles.writer("m1").metrics(metrics).manifest();
        BundleManifest back = ManifestCodec.fromJson(ManifestCodec.toJson(m));
        assertThat(back.metric("/auc")).isPresent();
    }

    @Test
    void rejectsUnknownAndMissingFieldsNamingThem() {
        String json = json();
        assertThatThrownBy(() -> read(json.replaceFirst("\\{", "{\"extra\": 1,")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("extra");
        assertThatThrownBy(() -> read(json.replaceFirst("\"feature_version\" : \"v1\",", "")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("feature_version");
        assertThatThrownBy(
                        () ->
                                read(
                                        json.replace(
                                                "\"parent_version\" : \"m20250608-00aa11bb\",",
                                                "")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("parent_version");
    }

    @Test
    void rejectsUnusableValues() {
        String json = json();
        assertThatThrownBy(
                        () ->
                                read(
                                        json.replace(
                                                "\"format_version\" : 1",
                                                "\"format_version\" : 2")))
                .hasMessageContaining("format_version 2");
        assertThatThrownBy(() -> read(json.replace("2025-06-09T03:00:00Z", "yesterday")))
                .hasMessageContaining("created_at")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> read(json.replace("\"m20250609-1a2b3c4d\"", "\"../../etc\"")))
                .hasMessageContaining("model_version");
        assertThatThrownBy(() -> read(json.replace("\"model.onnx\"", "\"../model.onnx\"")))
                .hasMessageContaining("not a plain file name");
        assertThatThrownBy(() -> read(json.replace("\"report.html\"", "\"manifest.json\"")))
                .hasMessageContaining("manifest.json itself");
        assertThatThrownBy(() -> read(json.replace("12.5", "12.5, 1.0")))
                .hasMessageContaining("reference_features has 4 values for 3 features");
        assertThatThrownBy(
                        () ->
                                read(
                                        json.replaceFirst(
                                                "\"calibration.json\" : \"[0-9a-f]+\"",
                                                "\"calibration.json\" : \"ABC\"")))
                .hasMessageContaining("SHA-256");
        assertThatThrownBy(
                        () ->
                                read(
                                        json.replaceFirst(
                                                        ",\\s*\"calibration.json\" : \"[0-9a-f]+\"",
                                                        "")
                                                .replaceFirst(
                                                        "\"calibration.json\" : \"[0-9a-f]+\",",
                                                        "")))
                .hasMessageContaining("calibration.json");
        assertThatThrownBy(
                        () -> read(json.replace("\"metrics\" : {", "\"metrics\" : [ ], \"x\" : {")))
                .isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(
                        () ->
                                read(
                                        json.replace(
                                                "\"to\" : \"2025-06-09T00:00:00Z\"",
                                                "\"to\" : \"2025-06-01T00:00:00Z\"")))
                .hasMessageContaining("after data_range.to");
    }

    @Test
    void rejectsMalformedJsonAndDuplicateKeys() {
        assertThatThrownBy(() -> read("{\"format_version\": "))
                .isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> read("[1, 2]")).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> read("null")).isInstanceOf(InvalidManifestException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(InvalidManifestException.class);
        String json = json();
        assertThatThrownBy(() -> read(json.replaceFirst("\\{", "{\"feature_version\" : \"v9\",")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("feature_version");
        assertThatThrownBy(() -> read(json + " {}")).isInstanceOf(InvalidManifestException.class);
    }

    @Test
    void refusesOversizedManifestBeforeParsing() {
        byte[] huge = new byte[ManifestCodec.MAX_MANIFEST_BYTES + 1];
        assertThatThrownBy(() -> ManifestCodec.fromJson(huge))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("more than the limit");
    }

    @Test
    void reportsGuardrailOutcome() {
        BundleManifest passing = sample();
        assertThat(passing.guardrailsPassed()).isTrue();
        BundleManifest failing =
                TestingBundles.writer("m2")
                        .guardrails(
                                java.util.List.of(
                                        new BundleManifest.Guardrail(
                                                "holdout_fpr", false, "0.03 > 0.02")))
                        .manifest();
        assertThat(failing.guardrailsPassed()).isFalse();
        assertThat(failing.failedGuardrails())
                .extracting(BundleManifest.Guardrail::name)
                .containsExactly("holdout_fpr");
    }
}
