package dev.slidr.job.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.job.monitor.MonitorWindow;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollback guard over closed monitor windows, time driven by watermarks: what it judges, when
 * it fires, its hysteresis, and its state across a restore.
 */
class RollbackGuardTest {

    private static final long T0 = 1_780_000_020_000L - 1_780_000_020_000L % 60_000;
    private static final long MINUTE = 60_000;
    private static final GuardConfig CONFIG = GuardConfig.defaults();

    private KeyedOneInputStreamOperatorTestHarness<String, MonitorWindow, String> harness;

    @BeforeEach
    void open() throws Exception {
        TestingRollbacks.clear();
        harness = harness(TestingRollbacks.accepting(), null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        TestingRollbacks.clear();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MonitorWindow, String> harness(
            RollbackAction action, OperatorSubtaskState restored) throws Exception {
        return harness(action, restored, false);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MonitorWindow, String> harness(
            RollbackAction action, OperatorSubtaskState restored, boolean rocksDb)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new RollbackGuard(CONFIG, Duration.ofMinutes(1), action)),
                        w -> RollbackGuard.KEY,
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

    @Test
    void rollsAFlagEverythingModelBackAtTheEndOfItsFirstWindowWithEnoughEvidence()
            throws Exception {
        goodMinutes("m1", 1, 3);
        // bad is activated in minute 4: its first window holds too few clicks to judge
        close(4, window("a", "m1", 4, 100, 19, 20, 0), window("a", "bad", 4, 150, 150, 10, 10));
        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(state()).isEqualTo(RollbackGuard.JUDGING);

        close(5, window("a", "bad", 5, 600, 600, 40, 40));

        assertThat(TestingRollbacks.done())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.from()).isEqualTo("bad");
                            assertThat(r.to()).isEqualTo("m1");
                            assertThat(r.effectiveTs()).isEqualTo(T0 + 5 * MINUTE);
                            assertThat(r.reason())
                                    .isEqualTo(
                                            "slice a: IVR 1.000 of model bad over 750 clicks is"
                                                    + " above 2 x 0.190, the IVR of model m1"
                                                    + " before it");
                        });
        assertThat(state()).isEqualTo(RollbackGuard.ROLLED_BACK);
        assertThat(harness.extractOutputValues())
                .anySatisfy(line -> assertThat(line).startsWith("rollback bad to m1 at "));
    }

    @Test
    void rollsBackAModelBadInEverySliceOnTheirClicksTogetherWhenNoSliceAloneHasEnough()
            throws Exception {
        String[] slices = {"a", "b", "c", "d"};
        for (int m = 1; m <= 3; m++) {
            close(m, windows(slices, "m1", m, 60, 2));
        }
        // four slices of 60 clicks a window: no slice reaches min-clicks (200) in three windows,
        // their clicks together do in the bad model's first window
        close(4, windows(slices, "bad", 4, 60, 60));

        assertThat(TestingRollbacks.done())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.from()).isEqualTo("bad");
                            assertThat(r.to()).isEqualTo("m1");
                            assertThat(r.effectiveTs()).isEqualTo(T0 + 4 * MINUTE);
                            assertThat(r.reason())
                                    .isEqualTo(
                                            "slice all: IVR 1.000 of model bad over 240 clicks is"
                                                    + " above 2 x 0.033, the IVR of model m1"
                                                    + " before it");
                        });
        assertThat(state()).isEqualTo(RollbackGuard.ROLLED_BACK);
    }

    @Test
    void aGoodModelSpreadOverSlicesIsNotRolledBackOnTheirClicksTogether() throws Exception {
        String[] slices = {"a", "b", "c", "d"};
        for (int m = 1; m <= 3; m++) {
            close(m, windows(slices, "m1", m, 60, 2));
        }
        for (int m = 4; m <= 8; m++) {
            close(m, windows(slices, "m2", m, 60, 3));
        }

        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(state()).isEqualTo(RollbackGuard.JUDGING);
    }

    @Test
    void firesOnceForAnActivationAndNeverAgainstTheModelItRolledBackTo() throws Exception {
        goodMinutes("m1", 1, 3);
        close(4, window("a", "bad", 4, 900, 900, 60, 60));
        assertThat(TestingRollbacks.done()).hasSize(1);

        // the rollback takes a moment: bad still decides the next window
        close(5, window("a", "bad", 5, 900, 900, 60, 60));
        // then m1 is back, and looks far worse than bad ever did on the FPR rule's terms
        close(6, window("a", "m1", 6, 900, 900, 60, 60));
        close(7, window("a", "m1", 7, 900, 900, 60, 60));

        assertThat(TestingRollbacks.done()).hasSize(1);
        assertThat(state()).isEqualTo(RollbackGuard.WATCHING);
    }

    @Test
    void aGoodModelUnderNoiseIsNotRolledBack() throws Exception {
        goodMinutes("m1", 1, 3);
        long[] invalid = {171, 212, 188, 240, 160, 199, 230, 177};
        long[] fpr = {0, 1, 0, 2, 1, 0, 1, 1};
        for (int i = 0; i < invalid.length; i++) {
            close(4 + i, window("a", "m2", 4 + i, 1000, invalid[i], 60, fpr[i]));
        }
        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(state()).isEqualTo(RollbackGuard.JUDGING);
    }

    @Test
    void aWindowSentAheadOfTheWatermarkIsKeptAndJudgedWhenTheWatermarkGetsThere() throws Exception {
        goodMinutes("m1", 1, 3);
        // one window subtask is a minute ahead: bad's window of minute 5 comes before minute 4
        // closes everywhere
        harness.processElement(window("a", "bad", 5, 900, 900, 60, 60), T0 + 5 * MINUTE - 1);
        close(4, window("a", "m1", 4, 1000, 190, 60, 1));
        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(state()).isEqualTo(RollbackGuard.WATCHING);

        harness.processWatermark(new Watermark(T0 + 5 * MINUTE - 1));

        assertThat(TestingRollbacks.done())
                .singleElement()
                .satisfies(r -> assertThat(r.effectiveTs()).isEqualTo(T0 + 5 * MINUTE));
    }

    @Test
    void theFirstModelItSeesIsNeverJudged() throws Exception {
        for (int m = 1; m <= 5; m++) {
            close(m, window("a", "m1", m, 1000, 1000, 100, 100));
        }
        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(state()).isEqualTo(RollbackGuard.WATCHING);
    }

    @Test
    void theFprRuleFiresWhenTheIvrLooksOrdinary() throws Exception {
        goodMinutes("m1", 1, 3);
        // the same IVR, but the invalidated clicks are the converting ones
        close(4, window("a", "m2", 4, 1000, 190, 100, 60));
        assertThat(TestingRollbacks.done())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("weak-label FPR 0.600"));
    }

    @Test
    void aRefusedTargetOnlyAlertsAndIsNotRetriedForTheSameActivation() throws Exception {
        harness.close();
        harness = harness(TestingRollbacks.refusing(), null);
        goodMinutes("m1", 1, 3);
        close(4, window("a", "bad", 4, 900, 900, 60, 60));
        close(5, window("a", "bad", 5, 900, 900, 60, 60));

        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(state()).isEqualTo(RollbackGuard.ALERTED);
        assertThat(harness.extractOutputValues())
                .filteredOn(line -> line.startsWith("alert "))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("m1 does not verify"));
    }

    @Test
    void aRollbackThatCouldNotBeDoneIsTriedAgainAtTheNextWindow() throws Exception {
        goodMinutes("m1", 1, 3);
        TestingRollbacks.failNext(1);
        close(4, window("a", "bad", 4, 900, 900, 60, 60));
        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(state()).isEqualTo(RollbackGuard.JUDGING);

        close(5, window("a", "bad", 5, 900, 900, 60, 60));
        assertThat(TestingRollbacks.done())
                .singleElement()
                .satisfies(r -> assertThat(r.effectiveTs()).isEqualTo(T0 + 5 * MINUTE));
    }

    @Test
    void aRestoredGuardKeepsItsJudgementAndDoesNotFireTwice() throws Exception {
        // on RocksDB, as in the job: the kept windows go through MonitorWindowSerializer
        harness.close();
        harness = harness(TestingRollbacks.accepting(), null, true);
        goodMinutes("m1", 1, 3);
        close(4, window("a", "bad", 4, 900, 900, 60, 60));
        assertThat(TestingRollbacks.done()).hasSize(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + 4 * MINUTE);
        harness.close();

        harness = harness(TestingRollbacks.accepting(), snapshot, true);
        close(5, window("a", "bad", 5, 900, 900, 60, 60));
        close(6, window("a", "m1", 6, 900, 171, 60, 0));

        assertThat(TestingRollbacks.done()).hasSize(1);
        assertThat(state()).isEqualTo(RollbackGuard.WATCHING);
    }

    @Test
    void keepsOnlyTheLastWindowsOfTheTwoModelsAndIgnoresGivtDecisions() throws Exception {
        for (int m = 1; m <= 30; m++) {
            close(
                    m,
                    window("a", "m1", m, 1000, 190, 60, 0),
                    window("b", "m1", m, 1000, 190, 60, 0),
                    window("a", "none", m, 50, 50, 0, 0));
        }
        assertThat(guard().keptWindows()).as("two slices, three windows each").isEqualTo(6);
        goodMinutes("m2", 31, 40);
        assertThat(TestingRollbacks.done()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void goodMinutes(String version, int from, int to) throws Exception {
        for (int m = from; m <= to; m++) {
            close(m, window("a", version, m, 1000, 190, 60, 1));
        }
    }

    /** Hands the guard the windows ending at minute {@code m}, then moves the watermark there. */
    private void close(int m, MonitorWindow... windows) throws Exception {
        long end = T0 + m * MINUTE;
        for (MonitorWindow w : windows) {
            harness.processElement(w, end - 1);
        }
        harness.processWatermark(new Watermark(end - 1));
    }

    private static MonitorWindow[] windows(
            String[] slices, String version, int m, long clicks, long invalid) {
        MonitorWindow[] ws = new MonitorWindow[slices.length];
        for (int i = 0; i < slices.length; i++) {
            ws[i] = window(slices[i], version, m, clicks, invalid, 2, 0);
        }
        return ws;
    }

    private static MonitorWindow window(
            String slice,
            String version,
            int m,
            long clicks,
            long invalid,
            long converting,
            long convertingInvalid) {
        return new MonitorWindow(
                slice, version, T0 + m * MINUTE, clicks, invalid, converting, convertingInvalid);
    }

    private int state() {
        return guard().state();
    }

    private RollbackGuard guard() {
        return (RollbackGuard)
                ((KeyedProcessOperator<?, ?, ?>) harness.getOperator()).getUserFunction();
    }
}
