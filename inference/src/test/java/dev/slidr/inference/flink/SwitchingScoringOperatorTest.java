package dev.slidr.inference.flink;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.decision.SliceThresholds;
import dev.slidr.inference.scoring.ScorerOptions;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.rules.slice.Slicing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broadcast side of the live scoring operator in a test harness on RocksDB: commands switch the
 * model at their effective time, refused bundles change nothing, and the schedule survives a
 * checkpoint.
 */
class SwitchingScoringOperatorTest {

    private static final int BATCH = 4;
    private static final long SECOND = 1000;

    private static Map<String, DeployedModel> models;

    private final List<TwoInputStreamOperatorTestHarness<FeaturedClick, ControlRecord, Decision>>
            harnesses = new ArrayList<>();
    private final Random random = new Random(7);
    private long offset;

    /** A catalog of the test models; any other version is refused as a bundle that fails. */
    private static final class TestingCatalog implements ModelCatalog {
        private static final long serialVersionUID = 1L;

        @Override
        public DeployedModel load(String version) throws RefusedModelException {
            DeployedModel model = models.get(version);
            if (model == null) {
                throw new RefusedModelException(
                        "model " + version + " does not verify: model.onnx: checksum mismatch");
            }
            return model;
        }
    }

    @BeforeAll
    static void models() {
        models = new HashMap<>();
        // m1 flags nothing, m2 everything: the version in a decision is visible in its verdict too
        models.put("m1", model("m1", 1.0));
        models.put("m2", model("m2", 0.0));
        models.put("m3", model("m3", 1.0));
    }

    private static DeployedModel model(String version, double threshold) {
        TestModels test = TestModels.get();
        Map<String, Double> thresholds = new HashMap<>();
        Slicing.DEVICE_AND_LOGIN.slices().forEach(s -> thresholds.put(s.name(), threshold));
        return new DeployedModel(
                version,
                "v2",
                TestModels.NAMES,
                test.onnx(),
                test.reference(),
                SliceThresholds.of("c-" + version, thresholds, Slicing.DEVICE_AND_LOGIN));
    }

    @AfterEach
    void close() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    private TwoInputStreamOperatorTestHarness<FeaturedClick, ControlRecord, Decision> harness(
            int subtask, OperatorSubtaskState restored) throws Exception {
        var harness =
                new TwoInputStreamOperatorTestHarness<>(
                        new SwitchingScoringOperator(
                                ModelSource.fixed(models.get("m1")),
                                new TestingCatalog(),
                                ScorerOptions.defaults(),
                                BATCH,
                                10),
                        2,
                        2,
                        subtask);
        harnesses.add(harness);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    private FeaturedClick click(long second) {
        Click click =
                builder("user-" + second, "10.0.0." + (second % 250), T0.plusSeconds(second))
                        .clickId("c-" + second)
                        .build();
        return new FeaturedClick(click, "v2", TestModels.randomRow(random), false);
    }

    private void send(
            TwoInputStreamOperatorTestHarness<FeaturedClick, ControlRecord, Decision> harness,
            long fromSecond,
            long toSecond)
            throws Exception {
        for (long s = fromSecond; s < toSecond; s++) {
            FeaturedClick c = click(s);
            harness.processElement1(c, c.click().ts());
        }
        harness.processWatermark1(new Watermark(T0.toEpochMilli() + (toSecond - 1) * SECOND));
    }

    private ControlRecord command(ControlCommand command, long recordTs) {
        return new ControlRecord(ControlCodec.encode(command), recordTs, "control", 0, offset++);
    }

    private static long at(long second) {
        return T0.toEpochMilli() + second * SECOND;
    }

    private static Map<Long, String> versionsBySecond(List<Decision> decisions) {
        Map<Long, String> out = new HashMap<>();
        for (Decision d : decisions) {
            assertThat(out.put((d.eventTs() - T0.toEpochMilli()) / SECOND, d.modelVersion()))
                    .as("one decision per click")
                    .isNull();
        }
        return out;
    }

    @Test
    void clicksFromTheEffectiveTimeOnAreScoredByTheNewModelOnEverySubtask() throws Exception {
        for (int subtask = 0; subtask < 2; subtask++) {
            var harness = harness(subtask, null);
            send(harness, 0, 3);
            harness.processElement2(
                    command(new ControlCommand.Activate("m2", at(10)), at(2)), at(2));
            // the command arrives mid-batch: clicks on both sides of effective_ts share a batch
            send(harness, 3, 20);
            harness.endInput1();

            Map<Long, String> versions = versionsBySecond(harness.extractOutputValues());
            assertThat(versions).hasSize(20);
            versions.forEach(
                    (second, version) ->
                            assertThat(version)
                                    .as("second " + second)
                                    .isEqualTo(second < 10 ? "m1" : "m2"));
            assertThat(harness.extractOutputValues())
                    .allSatisfy(
                            d -> assertThat(d.invalid()).isEqualTo(d.modelVersion().equals("m2")));
        }
    }

    @Test
    void aBundleThatFailsVerificationIsRefusedOnceAndTheOldModelKeepsScoring() throws Exception {
        var first = harness(0, null);
        var second = harness(1, null);
        for (var harness : List.of(first, second)) {
            harness.processElement2(
                    command(new ControlCommand.Activate("tampered", at(5)), at(1)), at(1));
            send(harness, 0, 10);
            harness.endInput1();
            assertThat(harness.extractOutputValues())
                    .extracting(Decision::modelVersion)
                    .containsOnly("m1")
                    .hasSize(10);
        }
        List<DeadLetter> refused =
                first.getSideOutput(SwitchingScoringOperator.REFUSED).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).reason()).isEqualTo(ReasonCode.MODEL_REFUSED);
        assertThat(refused.get(0).message()).contains("tampered").contains("checksum mismatch");
        assertThat(new String(refused.get(0).original(), StandardCharsets.UTF_8))
                .contains("\"activate\"");
        // subtask 1 refuses too, but only subtask 0 writes the dead letter
        assertThat(second.getSideOutput(SwitchingScoringOperator.REFUSED)).isNullOrEmpty();
    }

    @Test
    void aRollbackWithoutTargetReturnsToThePreviousModelFromItsRecordTime() throws Exception {
        var harness = harness(0, null);
        harness.processElement2(command(new ControlCommand.Activate("m2", at(5)), at(1)), at(1));
        harness.processElement2(command(new ControlCommand.Activate("m3", at(10)), at(2)), at(2));
        harness.processElement2(command(new ControlCommand.Rollback(null), at(15)), at(15));
        send(harness, 0, 20);
        harness.endInput1();

        Map<Long, String> versions = versionsBySecond(harness.extractOutputValues());
        versions.forEach(
                (second, version) ->
                        assertThat(version)
                                .as("second " + second)
                                .isEqualTo(
                                        second < 5
                                                ? "m1"
                                                : second < 10 ? "m2" : second < 15 ? "m3" : "m2"));
    }

    @Test
    void aRollbackWithNothingBeforeItAndAnUnshadowWithoutShadowAreRefused() throws Exception {
        var harness = harness(0, null);
        harness.processElement2(command(new ControlCommand.Rollback(null), at(1)), at(1));
        harness.processElement2(command(new ControlCommand.Unshadow(), at(1)), at(1));
        harness.processElement2(
                new ControlRecord(
                        "{\"command\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                        at(1),
                        "control",
                        0,
                        99),
                at(1));
        send(harness, 0, 4);
        harness.endInput1();

        assertThat(harness.extractOutputValues())
                .extracting(Decision::modelVersion)
                .containsOnly("m1");
        assertThat(harness.getSideOutput(SwitchingScoringOperator.REFUSED))
                .extracting(r -> r.getValue().reason())
                .containsExactly(
                        ReasonCode.MODEL_REFUSED,
                        ReasonCode.MODEL_REFUSED,
                        ReasonCode.INVALID_VALUE);
    }

    @Test
    void aRestoredSubtaskScoresWithTheModelOfItsCheckpointNotItsStartModel() throws Exception {
        var before = harness(0, null);
        before.processElement2(command(new ControlCommand.Activate("m2", at(10)), at(1)), at(1));
        send(before, 0, 5);
        OperatorSubtaskState checkpoint = before.snapshot(1, 1);

        var after = harness(0, checkpoint);
        send(after, 5, 15);
        after.endInput1();

        Map<Long, String> versions = versionsBySecond(after.extractOutputValues());
        assertThat(versions).hasSize(10);
        versions.forEach(
                (second, version) ->
                        assertThat(version)
                                .as("second " + second)
                                .isEqualTo(second < 10 ? "m1" : "m2"));
    }

    @Test
    void aRestoreFailsWhenTheCheckpointedVersionNowHoldsOtherContent() throws Exception {
        var before = harness(0, null);
        before.processElement2(command(new ControlCommand.Activate("m2", at(10)), at(1)), at(1));
        OperatorSubtaskState checkpoint = before.snapshot(1, 1);
        DeployedModel original = models.get("m2");
        models.put("m2", model("m2", 0.5));
        try {
            assertThatThrownBy(() -> harness(0, checkpoint))
                    .hasMessageContaining("m2 was accepted with hash");
        } finally {
            models.put("m2", original);
        }
    }

    @Test
    void theOldModelIsClosedOnceTheWatermarkPassesTheEffectiveTime() throws Exception {
        var harness = harness(0, null);
        SwitchingScoringOperator operator = (SwitchingScoringOperator) harness.getOperator();
        harness.processElement2(command(new ControlCommand.Activate("m2", at(5)), at(1)), at(1));
        harness.processElement2(command(new ControlCommand.Activate("m3", at(10)), at(1)), at(1));
        send(harness, 0, 8);
        assertThat(operator.openScorers()).isEqualTo(2);
        send(harness, 8, 12);
        assertThat(operator.openScorers()).isEqualTo(1);
        // a late click still gets the model of its event time, loaded again
        FeaturedClick late = click(6);
        harness.processElement1(late, late.click().ts());
        harness.endInput1();
        assertThat(harness.extractOutputValues())
                .filteredOn(d -> d.eventTs() == at(6))
                .extracting(Decision::modelVersion)
                .containsExactly("m2", "m2");
        assertThat(operator.scheduledVersions()).containsExactly("m2", "m3");
    }

    @Test
    void watermarksComeFromTheClicksAloneAndAreNotHeldBackByTheControlInput() throws Exception {
        var harness = harness(0, null);
        send(harness, 0, 3);
        assertThat(harness.getOutput())
                .filteredOn(Watermark.class::isInstance)
                .last()
                .isEqualTo(new Watermark(at(2)));
    }

    private static List<ShadowScore> shadowScores(
            TwoInputStreamOperatorTestHarness<FeaturedClick, ControlRecord, Decision> harness) {
        var out = harness.getSideOutput(SwitchingScoringOperator.SHADOW);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aShadowChangesNoEmittedDecision() throws Exception {
        List<FeaturedClick> clicks = new ArrayList<>();
        for (long s = 0; s < 20; s++) {
            clicks.add(click(s));
        }
        var plain = harness(0, null);
        var shadowed = harness(0, null);
        shadowed.processElement2(command(new ControlCommand.Shadow("m2"), at(0)), at(0));
        for (var harness : List.of(plain, shadowed)) {
            for (FeaturedClick c : clicks) {
                harness.processElement1(c, c.click().ts());
            }
            harness.processWatermark1(new Watermark(at(19)));
            harness.endInput1();
        }

        List<Decision> withShadow = shadowed.extractOutputValues();
        assertThat(withShadow).hasSize(20);
        assertThat(withShadow)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("decidedTs")
                .containsExactlyInAnyOrderElementsOf(plain.extractOutputValues());
        assertThat(withShadow).extracting(Decision::modelVersion).containsOnly("m1");
        assertThat(shadowScores(shadowed)).hasSize(20);
    }

    @Test
    void theShadowScoresEveryClickFromItsRecordTimeBesideTheActiveModel() throws Exception {
        var harness = harness(0, null);
        send(harness, 0, 5);
        harness.processElement2(command(new ControlCommand.Shadow("m2"), at(5)), at(5));
        send(harness, 0, 15);
        harness.endInput1();

        List<ShadowScore> scores = shadowScores(harness);
        // clicks before the record's timestamp are not shadowed, late ones included
        assertThat(scores).extracting(ShadowScore::eventTs).allMatch(ts -> ts >= at(5));
        assertThat(scores).hasSize(10);
        assertThat(scores)
                .allSatisfy(
                        s -> {
                            assertThat(s.shadowVersion()).isEqualTo("m2");
                            assertThat(s.activeVersion()).isEqualTo("m1");
                            // m2 flags everything, m1 nothing: every shadowed click disagrees
                            assertThat(s.shadowInvalid()).isTrue();
                            assertThat(s.activeInvalid()).isFalse();
                            assertThat(s.disagrees()).isTrue();
                            assertThat(s.shadowScore()).isBetween(0.0, 1.0);
                        });
        assertThat(scores)
                .allSatisfy(
                        s ->
                                assertThat(Slicing.DEVICE_AND_LOGIN.slices())
                                        .anyMatch(slice -> slice.name().equals(s.slice())));
    }

    @Test
    void aShadowThatFailsVerificationIsRefusedAndUnshadowStopsARunningOne() throws Exception {
        var harness = harness(0, null);
        SwitchingScoringOperator operator = (SwitchingScoringOperator) harness.getOperator();
        harness.processElement2(command(new ControlCommand.Shadow("tampered"), at(0)), at(0));
        send(harness, 0, 4);
        assertThat(shadowScores(harness)).isEmpty();
        assertThat(operator.shadowVersion()).isEmpty();

        harness.processElement2(command(new ControlCommand.Shadow("m3"), at(4)), at(4));
        send(harness, 4, 8);
        harness.processElement2(command(new ControlCommand.Unshadow(), at(8)), at(8));
        send(harness, 8, 12);
        harness.endInput1();

        assertThat(shadowScores(harness))
                .extracting(ShadowScore::eventTs)
                .containsExactly(at(4), at(5), at(6), at(7));
        assertThat(operator.shadowVersion()).isEmpty();
        List<DeadLetter> refused =
                harness.getSideOutput(SwitchingScoringOperator.REFUSED).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).message()).startsWith("shadow: ").contains("checksum mismatch");
        assertThat(harness.extractOutputValues())
                .extracting(Decision::modelVersion)
                .containsOnly("m1")
                .hasSize(12);
    }

    @Test
    void aRestoredSubtaskKeepsItsShadow() throws Exception {
        var before = harness(1, null);
        before.processElement2(command(new ControlCommand.Shadow("m2"), at(0)), at(0));
        send(before, 0, 3);
        OperatorSubtaskState checkpoint = before.snapshot(1, 1);

        var after = harness(1, checkpoint);
        SwitchingScoringOperator operator = (SwitchingScoringOperator) after.getOperator();
        assertThat(operator.shadowVersion()).contains("m2");
        send(after, 3, 8);
        after.endInput1();
        assertThat(shadowScores(after))
                .extracting(ShadowScore::shadowVersion)
                .containsOnly("m2")
                .hasSize(5);
    }
}
