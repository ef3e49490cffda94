package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.registry.BundleVerifier;
import dev.slidr.registry.BundleWriter;
import dev.slidr.rules.slice.Slices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each guardrail passes on good figures and trips, with a clear detail, on bad ones. */
class GuardrailsTest {

    /** Two clicks per hour of Monday, one human and one not, in slice 0. */
    static FeatureTable mondayTable() {
        FeatureTable t = new FeatureTable(48);
        for (int i = 0; i < 48; i++) {
            t.hourOfDay[i] = i / 2;
            t.dayOfWeek[i] = 0;
            t.label[i] = i % 2 == 0 ? WeakLabels.HUMAN : WeakLabels.NON_HUMAN;
            t.slice[i] = 0;
        }
        return t;
    }

    static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    @Test
    void humanDensityTripsOnAnHourWithoutHumanLabels() {
        FeatureTable t = mondayTable();
        assertThat(Guardrails.humanDensity(t, all(48), 0.1).passed()).isTrue();
        t.label[10] = WeakLabels.NON_HUMAN; // Monday 05:00 loses its only human label
        GuardrailResult r = Guardrails.humanDensity(t, all(48), 0.1);
        assertThat(r.passed()).isFalse();
        assertThat(r.name()).isEqualTo(Guardrails.HUMAN_DENSITY);
        assertThat(r.detail()).contains("1 of 24 hour-of-week cells").contains("Mon 05:00 0.0000");
    }

    @Test
    void sliceSamplesTripsOnASmallSlice() {
        FeatureTable t = new FeatureTable(Slices.NAMES.size() * 10);
        for (int i = 0; i < t.rows(); i++) {
            t.slice[i] = i % Slices.NAMES.size();
        }
        int[] rows = all(t.rows());
        assertThat(Guardrails.sliceSamples(t, rows, rows, rows, 10).passed()).isTrue();
        t.slice[0] = 1;
        GuardrailResult r = Guardrails.sliceSamples(t, rows, rows, rows, 10);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail())
                .isEqualTo(
                        "slices with fewer than 10 clicks: desktop/logged_in training 9,"
                                + " desktop/logged_in validation 9, desktop/logged_in holdout 9");
    }

    @Test
    void aucAndIvrFarBelowTheStableModelTrip() {
        ScorerMetrics good = new ScorerMetrics(1000, 0.30, 0.01, 0.8, 0.90, 0.9, 0.7);
        ScorerMetrics bad = new ScorerMetrics(1000, 0.10, 0.01, 0.8, 0.80, 0.9, 0.3);
        StableReference stable = new StableReference("m20250608-aaaaaaaa", 0.89, 0.28);
        assertThat(Guardrails.versusStable(good, stable, 0.02, 0.25))
                .allMatch(GuardrailResult::passed);
        List<GuardrailResult> r = Guardrails.versusStable(bad, stable, 0.02, 0.25);
        assertThat(r).noneMatch(GuardrailResult::passed);
        assertThat(r.get(0).detail())
                .isEqualTo(
                        "holdout AUC 0.8000 is below stable m20250608-aaaaaaaa's 0.8900 - 0.0200");
        assertThat(r.get(1).detail()).contains("holdout IVR 0.1000 is below 0.2100");
        assertThat(Guardrails.versusStable(bad, null, 0.02, 0.25))
                .allMatch(GuardrailResult::passed);
    }

    @Test
    void holdoutFprOverTheBudgetTrips() {
        ScorerMetrics m = new ScorerMetrics(1000, 0.3, 0.025, 0.8, 0.9, Double.NaN, Double.NaN);
        GuardrailResult r = Guardrails.holdoutFpr(m, 0.02);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("holdout FPR 0.02500 exceeds budget 0.02");
        assertThat(Guardrails.holdoutFpr(m, 0.03).passed()).isTrue();
    }

    @Test
    void nanOrInfiniteScoresTrip() {
        GuardrailResult r =
                Guardrails.finiteOutputs(
                        List.of("network"), List.of(new double[] {0.1, Double.NaN, 0.3}));
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("network score of row 1 is NaN");
        assertThat(
                        Guardrails.finiteOutputs(List.of("lr"), List.of(new double[] {0.1, 0.2}))
                                .passed())
                .isTrue();
    }

    @Test
    void onnxParityBeyondTheToleranceTrips() {
        GuardrailResult r = Guardrails.onnxParity(2e-4, 5000, 1e-5);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("2.00e-04").contains("exceeds tolerance 1.0E-5");
        assertThat(Guardrails.onnxParity(3e-7, 5000, 1e-5).passed()).isTrue();
    }

    @Test
    void bundleWhoseFileNoLongerMatchesItsChecksumTrips(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m20250609-0badf00d");
        new BundleWriter("m20250609-0badf00d")
                .createdAt(Instant.parse("2025-06-09T05:00:00Z"))
                .featureVersion(FeatureSchema.CURRENT.version())
                .featureNames(FeatureSchema.CURRENT.names())
                .dataRange(
                        Instant.parse("2025-06-02T00:00:00Z"),
                        Instant.parse("2025-06-09T00:00:00Z"))
                .referenceFeatures(new float[FeatureSchema.CURRENT.size()])
                .model(new byte[] {1, 2, 3})
                .calibration("{}".getBytes(StandardCharsets.UTF_8))
                .metrics(dev.slidr.registry.ManifestCodec.metricsOf(java.util.Map.of()))
                .writeTo(dir);
        GuardrailResult ok =
                Guardrails.bundleChecksums(
                        () -> {
                            BundleVerifier.load(new org.apache.flink.core.fs.Path(dir.toUri()));
                            return "verified";
                        });
        assertThat(ok.passed()).isTrue();
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 4});
        GuardrailResult r =
                Guardrails.bundleChecksums(
                        () -> {
                            BundleVerifier.load(new org.apache.flink.core.fs.Path(dir.toUri()));
                            return "verified";
                        });
        assertThat(r.passed()).isFalse();
        assertThat(r.name()).isEqualTo(Guardrails.BUNDLE_CHECKSUMS);
        assertThat(r.detail()).startsWith("bundle does not verify: ").contains("model.onnx");
    }
}
