package dev.slidr.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics read by their current names, and by the names bundles written before issue 14 used. */
class MetricNamesTest {

    private static BundleManifest withMetrics(Map<String, ?> metrics) {
        BundleManifest m =
                TestingBundles.writer("m1").metrics(ManifestCodec.metricsOf(metrics)).manifest();
        // through the codec, as a registry reads a stored manifest
        return ManifestCodec.fromJson(ManifestCodec.toJson(m));
    }

    @Test
    void readsTheCurrentName() {
        BundleManifest m =
                withMetrics(Map.of("holdout", Map.of("combined", Map.of("weak_auc", 0.61))));
        assertThat(MetricNames.read(m, "/holdout/combined", MetricNames.WEAK_AUC))
                .hasValueSatisfying(n -> assertThat(n.asDouble()).isEqualTo(0.61));
    }

    @Test
    void readsAnOlderBundleByTheNameItWrote() {
        BundleManifest old =
                withMetrics(
                        Map.of(
                                "auc", 0.93,
                                "fpr", 0.018,
                                "holdout",
                                        Map.of(
                                                "combined",
                                                Map.of("auc", 0.9, "robotic_coverage", 0.7))));
        assertThat(MetricNames.read(old, "", MetricNames.WEAK_AUC))
                .hasValueSatisfying(n -> assertThat(n.asDouble()).isEqualTo(0.93));
        assertThat(MetricNames.read(old, "", MetricNames.WEAK_FPR))
                .hasValueSatisfying(n -> assertThat(n.asDouble()).isEqualTo(0.018));
        assertThat(MetricNames.read(old, "/holdout/combined", MetricNames.WEAK_AUC))
                .hasValueSatisfying(n -> assertThat(n.asDouble()).isEqualTo(0.9));
        assertThat(MetricNames.read(old, "/holdout/combined", MetricNames.WEAK_ROBOTIC_COVERAGE))
                .hasValueSatisfying(n -> assertThat(n.asDouble()).isEqualTo(0.7));
    }

    @Test
    void prefersTheCurrentNameWhenBothAreThere() {
        BundleManifest both = withMetrics(Map.of("weak_auc", 0.6, "auc", 0.9));
        assertThat(MetricNames.read(both, "", MetricNames.WEAK_AUC))
                .hasValueSatisfying(n -> assertThat(n.asDouble()).isEqualTo(0.6));
    }

    @Test
    void isEmptyWhenNeitherNameIsThere() {
        BundleManifest none = withMetrics(Map.of("ivr", 0.2));
        assertThat(MetricNames.read(none, "", MetricNames.WEAK_AUC)).isEmpty();
        assertThat(MetricNames.read(none, "", MetricNames.WEAK_FPR_UPPER)).isEmpty();
        assertThat(MetricNames.read(none, "", MetricNames.IVR)).isPresent();
        assertThat(MetricNames.legacy(MetricNames.WEAK_FPR)).isEqualTo("fpr");
        assertThat(MetricNames.legacy(MetricNames.IVR)).isEqualTo("ivr");
    }
}
