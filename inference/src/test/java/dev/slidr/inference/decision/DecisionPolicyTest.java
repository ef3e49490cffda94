package dev.slidr.inference.decision;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Device;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.scoring.OnnxScorer;
import dev.slidr.inference.scoring.ScorerOptions;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.rules.slice.Slicing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decisions and reason codes from a real model trained on synthetic rows. */
class DecisionPolicyTest {

    private static final long DECIDED = T0.toEpochMilli() + 7;

    private static TestModels models;
    private static ClickScorer scorer;

    @BeforeAll
    static void open() throws Exception {
        models = TestModels.get();
        scorer = ClickScorer.open(deployed(0.5), ScorerOptions.defaults());
    }

    @AfterAll
    static void close() throws Exception {
        scorer.close();
    }

    static DeployedModel deployed(double threshold) {
        return deployed(SliceThresholdsTest.all(threshold));
    }

    static DeployedModel deployed(Map<String, Double> thresholds) {
        return new DeployedModel(
                TestModels.MODEL_VERSION,
                "v2",
                TestModels.NAMES,
                models.onnx(),
                models.reference(),
                SliceThresholds.of("c20260302", thresholds, Slicing.DEVICE_AND_LOGIN));
    }

    /** A crawler: hundreds of clicks an hour from one user and one IP, the rest typical. */
    static float[] crawler() {
        float[] row = models.reference();
        row[FeatureSchema.USER_CLICKS_1H] = 300;
        row[FeatureSchema.USER_CLICKS_24H] = 2400;
        row[FeatureSchema.IP_CLICKS_1H] = 320;
        row[FeatureSchema.IP_CLICKS_24H] = 2500;
        return row;
    }

    static float[] human() {
        float[] row = models.reference();
        row[FeatureSchema.USER_CLICKS_1H] = 3;
        return row;
    }

    static ClickFeatures featured(Click click, float[] row) {
        return new ClickFeatures(click, "v2", row);
    }

    @Test
    void invalidatesACrawlerAndNamesItsClickCounts() {
        Click click = builder("bot", "10.0.0.9", T0).build();
        Decision decision = scorer.decide(List.of(featured(click, crawler())), DECIDED).get(0);
        System.out.printf(
                "crawler: score %.4f, reasons %s%n", decision.score(), decision.reasons());

        assertThat(decision.invalid()).isTrue();
        assertThat(decision.stage()).isEqualTo(Decision.Stage.SIVT);
        assertThat(decision.reasons()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(decision.reasons().get(0)).isEqualTo("sivt:user_clicks_1h");
        assertThat(decision.reasons())
                .allMatch(
                        r -> r.startsWith("sivt:user_clicks_") || r.startsWith("sivt:ip_clicks_"));
    }

    @Test
    void keepsAHumanClickValidWithoutReasons() {
        Click click = builder("alice", "10.0.0.1", T0).device(Device.MOBILE).anonymous().build();
        Decision decision = scorer.decide(List.of(featured(click, human())), DECIDED).get(0);

        assertThat(decision.invalid()).isFalse();
        assertThat(decision.stage()).isEqualTo(Decision.Stage.NONE);
        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.slice()).isEqualTo("mobile/anonymous");
    }

    @Test
    void recordsEverythingNeededToAuditAndRescore() {
        Click bot = builder("bot", "10.0.0.9", T0).build();
        Click alice = builder("alice", "10.0.0.1", T0.plusSeconds(3)).anonymous().build();
        float[][] rows = {crawler(), human()};
        List<Decision> decisions =
                scorer.decide(List.of(featured(bot, rows[0]), featured(alice, rows[1])), DECIDED);
        float[] expected = models.trainerScores(rows);

        assertThat(decisions)
                .extracting(Decision::clickId)
                .containsExactly(bot.clickId(), alice.clickId());
        for (int i = 0; i < 2; i++) {
            Decision d = decisions.get(i);
            assertThat(d.score()).isCloseTo(expected[i], within(1e-5));
            assertThat(d.threshold()).isEqualTo(0.5);
            assertThat(d.modelVersion()).isEqualTo(TestModels.MODEL_VERSION);
            assertThat(d.calibrationVersion()).isEqualTo("c20260302");
            assertThat(d.featureVersion()).isEqualTo("v2");
            assertThat(d.features()).containsExactly(rows[i]);
            assertThat(d.revision()).isZero();
            assertThat(d.replayId()).isNull();
            assertThat(d.decidedTs()).isEqualTo(DECIDED);
        }
        assertThat(decisions.get(0).eventTs()).isEqualTo(bot.ts());
        assertThat(decisions.get(0).slice()).isEqualTo("desktop/logged_in");
        assertThat(decisions.get(1).slice()).isEqualTo("desktop/anonymous");
    }

    @Test
    void aScoreEqualToTheThresholdIsInvalidAndOneJustBelowIsNot() throws Exception {
        Click click = builder("carol", "10.0.0.3", T0).build();
        float[] row = human();
        row[FeatureSchema.USER_CLICKS_1H] = 25;
        double score = scorer.decide(List.of(featured(click, row)), DECIDED).get(0).score();

        try (ClickScorer atScore = ClickScorer.open(deployed(score), ScorerOptions.defaults());
                ClickScorer above =
                        ClickScorer.open(deployed(Math.nextUp(score)), ScorerOptions.defaults())) {
            assertThat(atScore.decide(List.of(featured(click, row)), DECIDED).get(0).invalid())
                    .isTrue();
            assertThat(above.decide(List.of(featured(click, row)), DECIDED).get(0).invalid())
                    .isFalse();
        }
    }

    @Test
    void usesEachSlicesOwnThreshold() throws Exception {
        Map<String, Double> thresholds = SliceThresholdsTest.all(0.5);
        thresholds.put("app/anonymous", SliceThresholds.NEVER);
        Click app = builder("bot", "10.0.0.9", T0).device(Device.APP).anonymous().build();
        Click desktop = builder("bot", "10.0.0.9", T0).build();
        try (ClickScorer sliced =
                ClickScorer.open(deployed(thresholds), ScorerOptions.defaults())) {
            List<Decision> decisions =
                    sliced.decide(
                            List.of(featured(app, crawler()), featured(desktop, crawler())),
                            DECIDED);
            assertThat(decisions.get(0).invalid()).isFalse();
            assertThat(decisions.get(0).threshold()).isEqualTo(SliceThresholds.NEVER);
            assertThat(decisions.get(1).invalid()).isTrue();
        }
    }

    @Test
    void reasonsAreTheLargestSingleFeatureDropsFoundByBruteForce() throws Exception {
        Random random = new Random(17);
        List<ClickFeatures> batch = new ArrayList<>();
        while (batch.size() < 40) {
            float[] row = TestModels.randomRow(random);
            if (row[FeatureSchema.USER_CLICKS_1H] > TestModels.ROBOT_CLICKS_1H) {
                batch.add(featured(builder("u" + batch.size(), "10.0.0.2", T0).build(), row));
            }
        }
        List<Decision> decisions = scorer.decide(batch, DECIDED);
        try (OnnxScorer single =
                OnnxScorer.open(models.onnx(), TestModels.NAMES, ScorerOptions.defaults())) {
            float[] reference = models.reference();
            int checked = 0;
            for (int i = 0; i < batch.size(); i++) {
                Decision d = decisions.get(i);
                if (!d.invalid()) {
                    continue;
                }
                checked++;
                float[] row = batch.get(i).features();
                float score = single.score(row, 1)[0];
                // one model run per variant: the naive reference for the batched explainer
                List<float[]> drops = new ArrayList<>();
                for (int j = 0; j < row.length; j++) {
                    float[] variant = row.clone();
                    variant[j] = reference[j];
                    float drop = score - single.score(variant, 1)[0];
                    if (drop >= OcclusionExplainer.MIN_DROP) {
                        drops.add(new float[] {j, drop});
                    }
                }
                drops.sort(Comparator.comparingDouble((float[] a) -> -a[1]));
                List<String> expected =
                        drops.stream()
                                .limit(3)
                                .map(a -> "sivt:" + TestModels.NAMES.get((int) a[0]))
                                .toList();
                assertThat(d.reasons()).hasSize(Math.max(1, expected.size()));
                if (expected.isEmpty()) {
                    assertThat(d.reasons()).containsExactly(OcclusionExplainer.JOINT_CODE);
                } else {
                    // tolerate order swaps only between drops equal to float rounding
                    for (int k = 0; k < expected.size(); k++) {
                        String actual = d.reasons().get(k);
                        int j = TestModels.NAMES.indexOf(actual.substring(5));
                        float[] variant = row.clone();
                        variant[j] = reference[j];
                        float actualDrop = score - single.score(variant, 1)[0];
                        assertThat(actualDrop).isCloseTo(drops.get(k)[1], within(1e-5f));
                    }
                }
            }
            assertThat(checked).isGreaterThan(30);
        }
    }

    @Test
    void anInvalidClickAtTheReferenceRowHasTheJointReason() throws Exception {
        Click click = builder("dave", "10.0.0.4", T0).build();
        try (ClickScorer everything = ClickScorer.open(deployed(0.0), ScorerOptions.defaults())) {
            Decision d =
                    everything.decide(List.of(featured(click, models.reference())), DECIDED).get(0);
            assertThat(d.invalid()).isTrue();
            assertThat(d.reasons()).containsExactly(OcclusionExplainer.JOINT_CODE);
        }
    }

    @Test
    void aNonFiniteScoreKeepsTheClickValidAndSaysSo() throws Exception {
        DecisionPolicy policy = new DecisionPolicy(deployed(0.5));
        Click click = builder("erin", "10.0.0.5", T0).build();
        try (OnnxScorer onnx =
                OnnxScorer.open(models.onnx(), TestModels.NAMES, ScorerOptions.defaults())) {
            Decision d =
                    policy.decide(
                                    onnx,
                                    List.of(featured(click, crawler())),
                                    new float[] {Float.NaN},
                                    DECIDED)
                            .get(0);
            assertThat(d.invalid()).isFalse();
            assertThat(d.scored()).isFalse();
            assertThat(d.threshold()).isEqualTo(0.5);
            assertThat(d.reasons()).containsExactly(DecisionPolicy.NON_FINITE_SCORE);
        }
    }

    @Test
    void refusesFeaturesOfAnotherVersionOrWidth() {
        Click click = builder("frank", "10.0.0.6", T0).build();
        assertThatThrownBy(
                        () ->
                                scorer.decide(
                                        List.of(new ClickFeatures(click, "v1", human())), DECIDED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version v1")
                .hasMessageContaining(click.clickId());
        assertThatThrownBy(
                        () ->
                                scorer.decide(
                                        List.of(new ClickFeatures(click, "v2", new float[23])),
                                        DECIDED))
                .hasMessageContaining("23 features");
        assertThat(scorer.decide(List.of(), DECIDED)).isEmpty();
    }

    @Test
    void refusesADeploymentWhoseReferenceRowDoesNotFit() {
        SliceThresholds thresholds =
                SliceThresholds.of("c", SliceThresholdsTest.all(0.5), Slicing.DEVICE_AND_LOGIN);
        assertThatThrownBy(
                        () ->
                                new DeployedModel(
                                        "m",
                                        "v2",
                                        TestModels.NAMES,
                                        models.onnx(),
                                        new float[3],
                                        thresholds))
                .hasMessageContaining("reference row has 3 features");
        float[] nan = models.reference();
        nan[4] = Float.NaN;
        assertThatThrownBy(
                        () ->
                                new DeployedModel(
                                        "m",
                                        "v2",
                                        TestModels.NAMES,
                                        models.onnx(),
                                        nan,
                                        thresholds))
                .hasMessageContaining("user_velocity_1m_vs_24h");
        assertThatThrownBy(
                        () ->
                                new DeployedModel(
                                        " ",
                                        "v2",
                                        TestModels.NAMES,
                                        models.onnx(),
                                        models.reference(),
                                        thresholds))
                .hasMessageContaining("model version");
    }
}
