package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.registry.BundleVerifier;
import dev.slidr.registry.BundleWriter;
import dev.slidr.rules.slice.Slices;
import dev.slidr.training.ClopperPearson;
import dev.slidr.training.FprBoundPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    void sliceSamplesReportsSlicesAbsentFromTheDataWithoutFailing() {
        int slices = Slices.NAMES.size();
        long[][] counts = new long[3][slices];
        // only app/anonymous has clicks, as in a mobile-app install log
        int app = Slices.NAMES.indexOf("app/anonymous");
        for (int p = 0; p < 3; p++) {
            counts[p][app] = 40_000;
        }
        GuardrailResult r = Guardrails.sliceSamples(counts, 200);
        assertThat(r.passed()).as(r.detail()).isTrue();
        assertThat(r.detail())
                .startsWith("every slice present has at least 40000 clicks per split")
                .contains("absent from the data: desktop/logged_in, desktop/anonymous")
                .doesNotContain("app/anonymous");

        // a slice present in one split only is short of samples, not absent
        counts[0][0] = 5;
        GuardrailResult few = Guardrails.sliceSamples(counts, 200);
        assertThat(few.passed()).isFalse();
        assertThat(few.detail())
                .startsWith(
                        "slices with fewer than 200 clicks: desktop/logged_in training 5,"
                                + " desktop/logged_in validation 0, desktop/logged_in holdout 0;"
                                + " absent from the data: desktop/anonymous");
        assertThat(Guardrails.sliceSamples(new long[3][slices], 200).detail())
                .isEqualTo("no slice has clicks");
    }

    @Test
    void humanDensityFloorScalesWithTheDataLabelDensity() {
        // 24 hourly cells of 1,700 clicks with 0.2 % human labels on average, three cells none:
        // the unscaled floor 0.002 fails nearly every cell, the scaled one judges none of them
        long[] clicks = new long[168];
        long[] human = new long[168];
        for (int c = 0; c < 24; c++) {
            clicks[c] = 1700;
            human[c] = c < 3 ? 0 : 4;
        }
        assertThat(Guardrails.humanDensity(clicks, human, 0.002).passed()).isFalse();
        GuardrailResult r = Guardrails.humanDensityScaled(clicks, human, 0.002, 0.075);
        assertThat(r.passed()).as(r.detail()).isTrue();
        assertThat(r.detail())
                .isEqualTo(
                        "no cell large enough to judge (floor 0.000055 = 0.002 x label density"
                                + " 0.0021 / 0.075; 24 cells under 18215 clicks, where the floor"
                                + " is less than one label, not judged)");
        assertThat(Guardrails.scaledFloor(0.002, 0.075, 0.075)).isEqualTo(0.002);
    }

    @Test
    void scaledHumanDensityStillTripsOnAnHourThatLostItsLabels() {
        // 7.5 % labels in 5,000-click hours, as the simulator: one hour without any
        long[] clicks = new long[168];
        long[] human = new long[168];
        for (int c = 0; c < 24; c++) {
            clicks[c] = 5000;
            human[c] = c == 5 ? 0 : 391;
        }
        GuardrailResult r = Guardrails.humanDensityScaled(clicks, human, 0.002, 0.075);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail())
                .startsWith("1 of 24 hour-of-week cells have a human-label share below")
                .contains("Mon 05:00 0.0000 (0 of 5000)");
        long[] none = new long[168];
        assertThat(Guardrails.humanDensityScaled(clicks, none, 0.002, 0.075).detail())
                .isEqualTo("no human-labelled training click in any hour");
    }

    /** Holdout figures of 10,000 clicks, 2,000 of them purchasing, at the given weak FPR. */
    private static ScorerMetrics metrics(
            double ivr, double weakFpr, double weakAuc, double precision, double recall) {
        long humans = 2000;
        long falsePositives = Math.round(weakFpr * humans);
        return new ScorerMetrics(
                10_000,
                ivr,
                humans,
                falsePositives,
                weakFpr,
                ClopperPearson.upper(falsePositives, humans, 0.95),
                0.95,
                0.8,
                weakAuc,
                precision,
                recall,
                Double.NaN);
    }

    @Test
    void aucAndIvrFarBelowTheStableModelTrip() {
        ScorerMetrics good = metrics(0.30, 0.01, 0.90, 0.9, 0.7);
        ScorerMetrics bad = metrics(0.10, 0.01, 0.80, 0.9, 0.3);
        StableReference stable = new StableReference("m20250608-aaaaaaaa", 0.89, 0.28);
        assertThat(Guardrails.versusStable(good, stable, 0.02, 0.25))
                .allMatch(GuardrailResult::passed);
        List<GuardrailResult> r = Guardrails.versusStable(bad, stable, 0.02, 0.25);
        assertThat(r).noneMatch(GuardrailResult::passed);
        assertThat(r.get(0).detail())
                .isEqualTo(
                        "holdout weak_auc 0.8000 is below stable m20250608-aaaaaaaa's 0.8900 -"
                                + " 0.0200");
        assertThat(r.get(1).detail()).contains("holdout IVR 0.1000 is below 0.2100");
        assertThat(Guardrails.versusStable(bad, null, 0.02, 0.25))
                .allMatch(GuardrailResult::passed);
    }

    @Test
    void holdoutFprOverTheBudgetTrips() {
        ScorerMetrics m = metrics(0.3, 0.025, 0.9, Double.NaN, Double.NaN);
        GuardrailResult r = Guardrails.holdoutFpr(m, 0.02);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("holdout weak_fpr 0.02500 exceeds budget 0.02");
        assertThat(Guardrails.holdoutFpr(m, 0.03).passed()).isTrue();
    }

    /** A slice's holdout figures: {@code falsePositives} of {@code humans} purchasing clicks. */
    private static ScorerMetrics slice(long humans, long falsePositives, double ivr) {
        return new ScorerMetrics(
                20 * Math.max(1, humans),
                ivr,
                humans,
                falsePositives,
                humans == 0 ? Double.NaN : (double) falsePositives / humans,
                ClopperPearson.upper(falsePositives, humans, 0.95),
                0.95,
                0.8,
                0.6,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    @Test
    void sliceFprComparesTheUpperBoundWhereLabelsAreFew() {
        Map<String, ScorerMetrics> slices = new LinkedHashMap<>();
        // 5 of 2,000: point estimate 0.0025, many labels
        slices.put("desktop/anonymous", slice(2000, 5, 0.2));
        // 4 of 150: point estimate 0.0267 under the cap 0.04, bound 0.0600 over it
        slices.put("app/anonymous", slice(150, 4, 0.1));
        Evaluation e = new Evaluation(slice(2150, 9, 0.2), slices);

        GuardrailResult r = Guardrails.sliceHoldoutFpr(e, 0.04, FprBoundPolicy.defaults());

        assertThat(r.name()).isEqualTo(Guardrails.SLICE_HOLDOUT_FPR);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail())
                .isEqualTo(
                        "slices over the cap 0.04: app/anonymous weak_fpr_upper 0.0600 (4 of 150"
                                + " purchasing clicks) [95% bound: 150 purchasing clicks <"
                                + " 1000]");
        FprBoundPolicy point = new FprBoundPolicy(FprBoundPolicy.Held.POINT, 0.95, 0);
        assertThat(Guardrails.sliceHoldoutFpr(e, 0.04, point).passed()).isTrue();
    }

    @Test
    void sliceFprPassesWhenTheBoundHoldsAndListsSlicesWithoutLabels() {
        Map<String, ScorerMetrics> slices = new LinkedHashMap<>();
        slices.put("app/anonymous", slice(300, 2, 0.1));
        slices.put("other/anonymous", slice(0, 0, 0.05));
        Evaluation e = new Evaluation(slice(300, 2, 0.1), slices);

        GuardrailResult r = Guardrails.sliceHoldoutFpr(e, 0.04, FprBoundPolicy.defaults());

        assertThat(r.passed()).as(r.detail()).isTrue();
        assertThat(r.detail())
                .startsWith("1 slices within the cap 0.04; highest 0.0208 (app/anonymous")
                .endsWith("; no purchasing clicks to measure: other/anonymous");
    }

    @Test
    void sliceFprFallsBackToThePointEstimateWhenNoModelCouldShowTheBound() {
        // 0 of 40 bounds at 0.0722: no threshold could pass, so the point estimate is judged
        Map<String, ScorerMetrics> slices = new LinkedHashMap<>();
        slices.put("app/anonymous", slice(40, 0, 0.1));
        slices.put("other/anonymous", slice(40, 3, 0.1));
        Evaluation e = new Evaluation(slice(80, 3, 0.1), slices);

        GuardrailResult r = Guardrails.sliceHoldoutFpr(e, 0.04, FprBoundPolicy.defaults());

        assertThat(r.passed()).isFalse();
        assertThat(r.detail())
                .isEqualTo(
                        "slices over the cap 0.04: other/anonymous weak_fpr 0.0750 (3 of 40"
                                + " purchasing clicks) [too few purchasing clicks (40) for the"
                                + " bound: 95% bound at 0 false positives is 0.0722]");
    }

    @Test
    void sliceFprPassesASliceThatInvalidatedNothing() {
        Map<String, ScorerMetrics> slices = Map.of("app/anonymous", slice(80, 0, 0.0));
        GuardrailResult r =
                Guardrails.sliceHoldoutFpr(
                        new Evaluation(slice(80, 0, 0.0), slices),
                        0.04,
                        new FprBoundPolicy(FprBoundPolicy.Held.BOUND, 0.99, 0));
        assertThat(r.passed()).isTrue();
        assertThat(r.detail())
                .isEqualTo(
                        "1 slices within the cap 0.04; highest none (no slice invalidated a"
                                + " click)");
    }

    @Test
    void combinedFprComparesTheBoundWhereLabelsAreFew() {
        // 3 of 400: point 0.0075, bound 0.0193 within 0.02; 6 of 400: bound 0.0294 over it
        GuardrailResult within =
                Guardrails.holdoutFpr(slice(400, 3, 0.2), 0.02, FprBoundPolicy.defaults());
        GuardrailResult over =
                Guardrails.holdoutFpr(slice(400, 6, 0.2), 0.02, FprBoundPolicy.defaults());
        assertThat(within.passed()).as(within.detail()).isTrue();
        assertThat(over.passed()).isFalse();
        assertThat(over.detail())
                .startsWith("holdout weak_fpr_upper 0.029")
                .endsWith("exceeds budget 0.02 [95% bound: 400 purchasing clicks < 1000]");
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
