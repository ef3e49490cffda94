package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The join of conversions to decisions by click id: what it counts, when, and what state and timers
 * it keeps; on the heap backend, whose state entries the harness can count, and on RocksDB for the
 * state the join before it wrote.
 */
class ConversionJoinTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final Duration LAG = Duration.ofMinutes(10);

    /**
     * A RocksDB snapshot of the join as it stood at commit 1a83e0d, before it counted as things
     * came (a decision per click waiting under {@code monitor-decision} with an event-time timer),
     * taken by that commit's {@code ConversionJoin} in this class's harness with a 30-minute window
     * after: decisions "waits" (minute 0, invalid), "converted" (minute 0, invalid; converted by a
     * conversion at minute 10) and "valid" (minute 2, valid); a conversion of "early" at minute 5
     * with no decision yet; both watermarks at minute 1. It held four timers and no label had left.
     */
    private static final String FORMER_GOLDEN = "golden/monitor-join-1a83e0d.snapshot";

    private KeyedTwoInputStreamOperatorTestHarness<String, Decision, Conversion, LabelCount>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null, false);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Decision, Conversion, LabelCount>
            harness(OperatorSubtaskState restored, boolean rocksDb) throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new ConversionJoin(WINDOW, LAG)),
                        Decision::clickId,
                        Conversion::clickId,
                        Types.STRING);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
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
    void aDecisionCountsAtOnceAndAConversionWithinTheWindowAddsAConvertingClick() throws Exception {
        harness.processElement1(decision("a", 0, true), at(0));
        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelCount("s", "m1", at(30), 1, 1, 0, 0));

        harness.processElement2(conversion("a", 10), at(10));
        harness.processElement2(conversion("a", 12), at(12));
        assertThat(harness.extractOutputValues())
                .as("a second conversion of the click adds nothing")
                .containsExactly(
                        new LabelCount("s", "m1", at(30), 1, 1, 0, 0),
                        new LabelCount("s", "m1", at(30), 0, 0, 1, 1));
        assertThat(harness.numEventTimeTimers()).as("nothing fires per click").isZero();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void aConversionBeforeItsDecisionWaitsForItAndTheDecisionCountsItConverting() throws Exception {
        harness.processElement2(conversion("b", 5), at(5));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processElement1(decision("b", 1, false), at(1));

        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelCount("s", "m1", at(31), 1, 0, 1, 0));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the decision only").isEqualTo(1);
    }

    @Test
    void aConversionAfterTheLabelTimeLabelsNothing() throws Exception {
        harness.processElement1(decision("c", 0, true), at(0));
        harness.processBothWatermarks(new Watermark(at(30)));
        harness.processElement2(conversion("c", 29), at(29));
        harness.processElement2(conversion("c", 31), at(31));
        harness.processBothWatermarks(new Watermark(at(60)));

        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelCount("s", "m1", at(30), 1, 1, 0, 0));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aConversionOutsideItsClicksWindowOrWithoutDecisionLabelsNothingAndLeavesNoTimer()
            throws Exception {
        harness.processElement1(decision("d", 0, false), at(0));
        harness.processElement2(conversion("d", 45), at(45));
        harness.processElement2(conversion("nobody", 3), at(3));
        assertThat(harness.numEventTimeTimers()).as("the conversion waits").isEqualTo(1);
        harness.processBothWatermarks(new Watermark(at(60)));

        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelCount("s", "m1", at(30), 1, 0, 0, 0));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the decision of d only").isEqualTo(1);
    }

    @Test
    void aDecisionIsForgottenAfterTheWindowPlusTheLag() throws Exception {
        harness.setStateTtlProcessingTime(0);
        harness.processElement1(decision("f", 0, true), at(0));
        harness.setStateTtlProcessingTime(WINDOW.plus(LAG).toMillis() + 1);
        // the watermark has not reached the label time, but the decision is gone: the conversion
        // waits for a decision that was already counted, and is unmatched when its time passes
        harness.processElement2(conversion("f", 4), at(4));
        harness.processBothWatermarks(new Watermark(at(30)));

        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelCount("s", "m1", at(30), 1, 1, 0, 0));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRevisionWhileTheWaitIsOpenReplacesTheFirstDecisionsCounts() throws Exception {
        harness.processElement1(decision("r", 0, true), at(0));
        harness.processElement2(conversion("r", 2), at(2));
        harness.processElement1(decision("r", 0, false), at(0));
        // a revision with another event time starts a new wait, without the conversion
        harness.processElement1(decision("q", 0, true), at(0));
        harness.processElement2(conversion("q", 1), at(1));
        harness.processElement1(decision("q", 20, true), at(20));

        assertThat(windows(harness.extractOutputValues()))
                .containsExactly(
                        Map.entry(at(30), List.of(1L, 0L, 1L, 0L)),
                        Map.entry(at(50), List.of(1L, 1L, 0L, 0L)));
    }

    @Test
    void aRevisionAfterTheWaitCountsAsAnotherClick() throws Exception {
        harness.processElement1(decision("x", 0, true), at(0));
        harness.processBothWatermarks(new Watermark(at(30)));
        harness.processElement1(decision("x", 0, false), at(0));

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        new LabelCount("s", "m1", at(30), 1, 1, 0, 0),
                        new LabelCount("s", "m1", at(30), 1, 0, 0, 0));
    }

    @Test
    void anAttributionWindowThatIsNotPositiveOrANegativeLagIsRefused() {
        assertThatThrownBy(() -> new ConversionJoin(Duration.ZERO, LAG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribution window");
        assertThatThrownBy(() -> new ConversionJoin(WINDOW, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversion lag");
    }

    @Test
    void aGivtDecisionCountsUnderNoModel() throws Exception {
        harness.processElement1(
                Decision.givt("g", at(0), at(0) + 1, List.of("declared_robot"), "s"), at(0));
        harness.processElement2(conversion("g", 1), at(1));

        assertThat(harness.extractOutputValues())
                .extracting(LabelCount::modelVersion)
                .containsOnly(ConversionJoin.NO_MODEL);
    }

    @Test
    void aWaitSurvivesACheckpoint() throws Exception {
        harness.processElement1(decision("e", 0, true), at(0));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness(snapshot, false);
        harness.processElement2(conversion("e", 2), at(2));
        assertThat(harness.extractOutputValues())
                .containsExactly(new LabelCount("s", "m1", at(30), 0, 0, 1, 1));
    }

    @Test
    void decisionsWaitingInTheFormerJoinsStateAreCountedWhenTheirTimersFire() throws Exception {
        harness.close();
        harness =
                harness(
                        OperatorSnapshotUtil.readStateHandle(
                                OperatorSnapshotUtil.getResourceFilename(FORMER_GOLDEN)),
                        true);
        assertThat(harness.numEventTimeTimers()).isEqualTo(4);

        // a conversion of a restored decision, a decision for the restored conversion
        harness.processElement2(conversion("waits", 20), at(20));
        harness.processElement1(decision("early", 1, true), at(1));
        assertThat(harness.extractOutputValues())
                .as("the new decision counts at once, with the conversion that waited for it")
                .containsExactly(new LabelCount("s", "m1", at(31), 1, 1, 1, 1));

        // a revision of a restored decision: counted in its place
        harness.processElement1(decision("valid", 2, true), at(2));

        harness.processBothWatermarks(new Watermark(at(40)));
        assertThat(windows(harness.extractOutputValues()))
                .containsExactly(
                        // waits (invalid, converted now) and converted (invalid, converted before)
                        Map.entry(at(30), List.of(2L, 2L, 2L, 2L)),
                        Map.entry(at(31), List.of(1L, 1L, 1L, 1L)),
                        // valid, revised to invalid, not converted; the restored one not counted
                        Map.entry(at(32), List.of(1L, 1L, 0L, 0L)));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void whatTheMonitorKeepsOfADecisionCountsAsTheWholeDecisionWould() throws Exception {
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

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        new LabelCount("s", "m1", at(30), 1, 1, 0, 0),
                        new LabelCount("s", "m1", at(30), 1, 1, 0, 0),
                        new LabelCount("s", "m1", at(30), 0, 0, 1, 1),
                        new LabelCount("s", "m1", at(30), 0, 0, 1, 1));
    }

    /** The counts summed per label time: clicks, invalid, converting, converting invalid. */
    static Map<Long, List<Long>> windows(List<LabelCount> counts) {
        Map<Long, long[]> sums = new TreeMap<>();
        for (LabelCount c : counts) {
            long[] s = sums.computeIfAbsent(c.labelTs(), t -> new long[4]);
            s[0] += c.clicks();
            s[1] += c.invalid();
            s[2] += c.converting();
            s[3] += c.convertingInvalid();
        }
        Map<Long, List<Long>> out = new TreeMap<>();
        sums.forEach((t, s) -> out.put(t, List.of(s[0], s[1], s[2], s[3])));
        return out;
    }

    private static long at(long minute) {
        return T0 + minute * MINUTE;
    }

    private static Conversion conversion(String clickId, long minute) {
        return new Conversion(clickId, at(minute), Conversion.Kind.PURCHASE);
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
