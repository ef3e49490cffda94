package dev.slidr.job.decide;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.inference.flink.ScoringOperator;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.slice.Slicing;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class GivtDecisionFunctionTest {

    @Test
    void turnsAGivtVerdictIntoAGivtDecisionAtProcessingTime() throws Exception {
        try (OneInputStreamOperatorTestHarness<GivtVerdict, Decision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new GivtDecisionFunction(Slicing.DEVICE_AND_LOGIN))) {
            harness.setProcessingTime(5_000L);
            Click bot = Clicks.builder("u1", "198.51.100.1", T0).clickId("c-1").build();

            harness.processElement(GivtVerdict.invalid(bot, GivtReason.DECLARED_ROBOT), bot.ts());

            assertThat(harness.extractOutputValues()).hasSize(1);
            Decision d = harness.extractOutputValues().get(0);
            assertThat(d.clickId()).isEqualTo("c-1");
            assertThat(d.stage()).isEqualTo(Decision.Stage.GIVT);
            assertThat(d.invalid()).isTrue();
            assertThat(d.reasons()).containsExactly("declared_robot");
            assertThat(d.eventTs()).isEqualTo(bot.ts());
            assertThat(d.decidedTs()).isEqualTo(5_000L);
            assertThat(d.slice()).isEqualTo(Slicing.DEVICE_AND_LOGIN.sliceOf(bot).name());
            assertThat(harness.getSideOutput(GivtDecisionFunction.TO_SCORE)).isNull();
        }
    }

    @Test
    void writesEachGivtDecisionWithItsClicksAdvertiserWhenAsked() throws Exception {
        try (OneInputStreamOperatorTestHarness<GivtVerdict, Decision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new GivtDecisionFunction(Slicing.DEVICE, true))) {
            Click bot =
                    Clicks.builder("u5", "198.51.100.5", T0)
                            .clickId("c-5")
                            .advertiser("adv-9")
                            .build();
            Click human = Clicks.builder("u6", "198.51.100.6", T0).clickId("c-6").build();

            harness.processElement(GivtVerdict.invalid(bot, GivtReason.DECLARED_ROBOT), bot.ts());
            harness.processElement(GivtVerdict.pass(human), human.ts());

            Decision d = harness.extractOutputValues().get(0);
            // the clean click is decided, and paired, by the scoring operator
            assertThat(harness.getSideOutput(ScoringOperator.ADVERTISED))
                    .containsExactly(new StreamRecord<>(Tuple2.of("adv-9", d), bot.ts()));
        }
    }

    @Test
    void writesNoAdvertisersUnlessAsked() throws Exception {
        try (OneInputStreamOperatorTestHarness<GivtVerdict, Decision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new GivtDecisionFunction(Slicing.DEVICE))) {
            Click bot = Clicks.builder("u7", "198.51.100.7", T0).clickId("c-7").build();

            harness.processElement(GivtVerdict.invalid(bot, GivtReason.DECLARED_ROBOT), bot.ts());

            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.getSideOutput(ScoringOperator.ADVERTISED)).isNull();
        }
    }

    @Test
    void passesCleanClicksOnToScoringWithTheirEventTime() throws Exception {
        try (OneInputStreamOperatorTestHarness<GivtVerdict, Decision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new GivtDecisionFunction(Slicing.DEVICE))) {
            Click human =
                    Clicks.builder("u2", "198.51.100.2", T0)
                            .clickId("c-2")
                            .device(Device.MOBILE)
                            .build();

            harness.processElement(GivtVerdict.pass(human), human.ts());

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(GivtDecisionFunction.TO_SCORE))
                    .containsExactly(
                            new StreamRecord<>(IngestedClick.unstamped(human), human.ts()));
        }
    }

    @Test
    void recordsTheProcessingLatencyOfGivtDecisionsAndPassesReadTimesOn() throws Exception {
        GivtDecisionFunction function = new GivtDecisionFunction(Slicing.DEVICE);
        try (OneInputStreamOperatorTestHarness<GivtVerdict, Decision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(function)) {
            Click bot = Clicks.builder("u3", "198.51.100.3", T0).clickId("c-3").build();
            Click human = Clicks.builder("u4", "198.51.100.4", T0).clickId("c-4").build();
            long readMicros = IngestedClick.nowMicros() - 2_000;

            harness.processElement(
                    new GivtVerdict(bot, GivtReason.DATA_CENTRE_IP, readMicros), bot.ts());
            harness.processElement(new GivtVerdict(human, null, readMicros), human.ts());

            // the GIVT decision is recorded; the clean click is decided (and recorded) by scoring
            assertThat(function.latency().getCount()).isEqualTo(1);
            assertThat(function.latency().getStatistics().getMin()).isGreaterThanOrEqualTo(1_990);
            assertThat(harness.getSideOutput(GivtDecisionFunction.TO_SCORE))
                    .containsExactly(
                            new StreamRecord<>(new IngestedClick(human, readMicros), human.ts()));
        }
    }
}
