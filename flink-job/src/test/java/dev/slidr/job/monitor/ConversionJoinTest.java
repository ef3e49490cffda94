package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The join of conversions to decisions by click id, with its bounded wait; on the heap backend,
 * whose state entries the harness can count.
 */
class ConversionJoinTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final Duration WINDOW = Duration.ofMinutes(30);

    private KeyedTwoInputStreamOperatorTestHarness<String, Decision, Conversion, LabelledDecision>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, Decision, Conversion, LabelledDecision>
            harness(OperatorSubtaskState restored) throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new ConversionJoin(WINDOW)),
                        Decision::clickId,
                        Conversion::clickId,
                        Types.STRING);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aConversionWithinTheWindowLabelsItsDecisionConvertedWhenTheWindowEnds() throws Exception {
        harness.processElement1(decision("a", 0, true), at(0));
        harness.processElement2(conversion("a", 10), at(10));
        harness.processBothWatermarks(new Watermark(at(29)));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processBothWatermarks(new Watermark(at(30)));
        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelledDecision("a", "s", "m1", true, true, at(0)));
        // the label's timestamp is the click's time plus the window, whatever came first
        assertThat(harness.getOutput())
                .filteredOn(StreamRecord.class::isInstance)
                .extracting(r -> ((StreamRecord<?>) r).getTimestamp())
                .containsExactly(at(30));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aConversionBeforeItsDecisionWaitsForItAndLabelsIt() throws Exception {
        harness.processElement2(conversion("b", 5), at(5));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processElement1(decision("b", 1, false), at(1));
        assertThat(harness.numEventTimeTimers()).as("the decision's wait only").isEqualTo(1);
        harness.processBothWatermarks(new Watermark(at(31)));

        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelledDecision("b", "s", "m1", false, true, at(1)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDecisionWithoutConversionIsLabelledNotConvertedWhenTheWindowEnds() throws Exception {
        harness.processElement1(decision("c", 0, true), at(0));
        harness.processBothWatermarks(new Watermark(at(29)));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processBothWatermarks(new Watermark(at(30)));
        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelledDecision("c", "s", "m1", true, false, at(0)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // too late: the wait is over, the conversion labels nothing
        harness.processElement2(conversion("c", 31), at(31));
        harness.processBothWatermarks(new Watermark(at(31)));
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void anAttributionWindowThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new ConversionJoin(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribution window");
    }

    @Test
    void aConversionAfterTheWindowOrWithoutDecisionLabelsNothingAndLeavesNoState()
            throws Exception {
        harness.processElement1(decision("d", 0, false), at(0));
        harness.processElement2(conversion("d", 45), at(45));
        harness.processElement2(conversion("nobody", 3), at(3));
        harness.processBothWatermarks(new Watermark(at(60)));

        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelledDecision("d", "s", "m1", false, false, at(0)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aGivtDecisionIsLabelledUnderNoModel() throws Exception {
        harness.processElement1(
                Decision.givt("g", at(0), at(0) + 1, List.of("declared_robot"), "s"), at(0));
        harness.processElement2(conversion("g", 1), at(1));
        harness.processBothWatermarks(new Watermark(at(30)));

        assertThat(harness.extractOutputValues())
                .extracting(LabelledDecision::modelVersion)
                .containsExactly(ConversionJoin.NO_MODEL);
    }

    @Test
    void aWaitSurvivesACheckpoint() throws Exception {
        harness.processElement1(decision("e", 0, true), at(0));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness(snapshot);
        harness.processElement2(conversion("e", 2), at(2));
        harness.processBothWatermarks(new Watermark(at(30)));
        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelledDecision("e", "s", "m1", true, true, at(0)));
    }

    private static long at(long minute) {
        return T0 + minute * MINUTE;
    }

    private static Conversion conversion(String clickId, long minute) {
        return new Conversion(clickId, at(minute), Conversion.Kind.PURCHASE);
    }

    @Test
    void whatTheMonitorKeepsOfADecisionLabelsItAsTheWholeDecisionWould() throws Exception {
        Decision whole = decision("a", 0, true);
        Decision kept = ConversionJoin.forMonitor(whole);
        assertThat(kept.featureCount()).isZero();
        assertThat(kept.reasons()).isEmpty();
        assertThat(kept)
                .extracting(
                        Decision::clickId,
                        Decision::eventTs,
                        Decision::invalid,
                        Decision::stage,
                        Decision::slice,
                        Decision::modelVersion,
                        Decision::revision)
                .containsExactly("a", at(0), true, Decision.Stage.SIVT, "s", "m1", 0);

        harness.processElement1(whole, at(0));
        harness.processElement1(ConversionJoin.forMonitor(decision("b", 0, true)), at(0));
        harness.processElement2(conversion("a", 3), at(3));
        harness.processElement2(conversion("b", 3), at(3));
        harness.processBothWatermarks(new Watermark(at(30)));

        assertThat(harness.extractOutputValues())
                .containsExactlyInAnyOrder(
                        new LabelledDecision("a", "s", "m1", true, true, at(0)),
                        new LabelledDecision("b", "s", "m1", true, true, at(0)));
    }

    private static Decision decision(String clickId, long minute, boolean invalid) {
        return new Decision(
                clickId,
                at(minute),
                at(minute) + 5,
                invalid,
                invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                invalid ? List.of("user_clicks_1m") : List.of(),
                invalid ? 0.95 : 0.1,
                0.9,
                "s",
                "m1",
                "c1",
                "v2",
                new float[] {1f},
                0,
                null);
    }
}
