package dev.slidr.job.ingress;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.testing.Clicks;
import dev.slidr.rules.dedupe.DuplicateClickFilter;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Harness tests of the dedupe function on the RocksDB state backend; a timer grid of 1 ms (exact
 * timers) unless a test says otherwise.
 */
class DuplicateClickFunctionTest {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration TTL = Duration.ofHours(2);
    private static final GivtConfig CONFIG =
            GivtConfig.builder().dedupeWindow(WINDOW).dedupeStateTtl(TTL).build();

    private KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict> harness;
    private DuplicateClickFunction function;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void letsTheFirstOccurrenceThroughAndSidelinesRepeats() throws Exception {
        harness = open(null);
        GivtVerdict first = verdict("c-1", T0);
        GivtVerdict again = verdict("c-1", T0.plusSeconds(5));
        GivtVerdict other = verdict("c-2", T0.plusSeconds(6));

        process(first);
        process(again);
        process(other);

        assertThat(harness.extractOutputValues()).containsExactly(first, other);
        assertThat(duplicates())
                .containsExactly(GivtVerdict.invalid(again.click(), GivtReason.DUPLICATE_CLICK));
        assertThat(rememberedIds()).containsExactlyInAnyOrder("c-1", "c-2");
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void aDuplicateOfAGivtClickIsStillSidelinedAsDuplicate() throws Exception {
        harness = open(null);
        GivtVerdict robot =
                GivtVerdict.invalid(verdict("c-1", T0).click(), GivtReason.DECLARED_ROBOT);

        process(robot);
        process(robot);

        assertThat(harness.extractOutputValues()).containsExactly(robot);
        assertThat(duplicates())
                .extracting(GivtVerdict::reason)
                .containsExactly(GivtReason.DUPLICATE_CLICK);
    }

    @Test
    void theEventTimeTimerClearsTheIdWhenTheWindowEnds() throws Exception {
        harness = open(null);
        process(verdict("c-1", T0));

        harness.processWatermark(T0.plus(WINDOW).toEpochMilli() - 1);
        assertThat(rememberedIds()).containsExactly("c-1");

        harness.processWatermark(T0.plus(WINDOW).toEpochMilli());
        assertThat(rememberedIds()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();

        GivtVerdict late = verdict("c-1", T0.plus(WINDOW).plusSeconds(1));
        process(late);
        assertThat(harness.extractOutputValues()).endsWith(late);
        assertThat(duplicates()).isEmpty();
    }

    @Test
    void onTheHeapBackendAUserWhoseIdsAllExpiredLeavesNoStateBehind() throws Exception {
        harness = open(null, Duration.ofMillis(1), CONFIG, new HashMapStateBackend());
        process(verdict("c-1", T0));
        process(verdict("c-2", T0.plusSeconds(30)));
        process(verdict("d-1", T0.plusSeconds(10), "u.k1.w"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        // the first user's first id expires, its second stays; the second user's only id expires
        harness.processWatermark(T0.plus(WINDOW).plusSeconds(15).toEpochMilli());
        assertThat(rememberedIds()).containsExactly("c-2");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(T0.plus(WINDOW).plusSeconds(30).toEpochMilli());
        assertThat(rememberedIds()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anIdBackAfterItsWindowStartsANewWindowThatTheOldTimerLeavesAlone() throws Exception {
        harness = open(null);
        process(verdict("c-1", T0));
        GivtVerdict back = verdict("c-1", T0.plus(WINDOW).plusSeconds(10));

        process(back);

        assertThat(harness.extractOutputValues()).hasSize(2).endsWith(back);
        // the old window's timer stays (other ids may share its cell) and must not clear c-1
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        harness.processWatermark(T0.plus(WINDOW).plusSeconds(5).toEpochMilli());
        assertThat(rememberedIds()).containsExactly("c-1");
        process(verdict("c-1", T0.plus(WINDOW).plusSeconds(20)));
        assertThat(duplicates()).hasSize(1);
    }

    @Test
    void processingTimeTtlForgetsIdsWhenWatermarksStall() throws Exception {
        harness = open(null);
        harness.setStateTtlProcessingTime(0);
        process(verdict("c-1", T0));
        process(verdict("c-1", T0.plusSeconds(1)));
        assertThat(duplicates()).hasSize(1);

        // no watermark has come; only the TTL (processing time) can forget the id
        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        GivtVerdict afterTtl = verdict("c-1", T0.plusSeconds(2));
        process(afterTtl);

        assertThat(duplicates()).hasSize(1);
        assertThat(harness.extractOutputValues()).hasSize(2).endsWith(afterTtl);
    }

    @Test
    void withTheTtlOffOnlyTheCleanupTimerForgetsIds() throws Exception {
        harness =
                open(
                        null,
                        Duration.ofMillis(1),
                        GivtConfig.builder()
                                .dedupeWindow(WINDOW)
                                .dedupeStateTtl(TTL)
                                .dedupeStateTtlEnabled(false)
                                .build());
        assertThat(function.stateDescriptor().getTtlConfig().isEnabled()).isFalse();
        harness.setStateTtlProcessingTime(0);
        process(verdict("c-1", T0));

        // long past the TTL on the wall clock, still inside the window in event time
        harness.setStateTtlProcessingTime(10 * TTL.toMillis());
        process(verdict("c-1", T0.plusSeconds(2)));
        assertThat(duplicates()).hasSize(1);

        harness.processWatermark(T0.plus(WINDOW).plusSeconds(5).toEpochMilli());
        assertThat(rememberedIds()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void keepsRememberedIdsAndTimersAcrossSnapshotAndRestore() throws Exception {
        harness = open(null);
        process(verdict("c-1", T0));
        process(verdict("c-2", T0.plusSeconds(1)));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = open(snapshot);
        assertThat(rememberedIds()).containsExactlyInAnyOrder("c-1", "c-2");
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        process(verdict("c-1", T0.plusSeconds(30)));
        process(verdict("c-3", T0.plusSeconds(31)));

        assertThat(duplicates()).extracting(v -> v.click().clickId()).containsExactly("c-1");
        assertThat(harness.extractOutputValues())
                .extracting(v -> v.click().clickId())
                .containsExactly("c-3");
        harness.processWatermark(T0.plus(WINDOW).plusSeconds(1).toEpochMilli());
        assertThat(rememberedIds()).containsExactly("c-3");
    }

    /**
     * Parity with the rule training and replay apply: on the same generated stream, with the
     * watermark of a bounded-out-of-orderness strategy after every click, the function and {@link
     * DuplicateClickFilter} mark the same clicks duplicate and remember the same ids.
     */
    @Test
    void agreesWithThePlainJavaFilter() throws Exception {
        harness = open(null);
        long window = WINDOW.toMillis();
        Duration outOfOrderness = Duration.ofMillis(window / 10);
        DuplicateClickFilter reference =
                new DuplicateClickFilter(CONFIG.duplicateClickPolicy(), outOfOrderness);
        Random random = new Random(11);
        long now = T0.toEpochMilli();
        long watermark = Long.MIN_VALUE;
        List<String> expectedFirsts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            now += random.nextInt((int) (window / 30));
            long ts = now - random.nextInt((int) (window / 10));
            GivtVerdict v = verdict("c-" + random.nextInt(60), Instant.ofEpochMilli(ts));
            if (reference.firstOccurrence(v.click().clickId(), ts)) {
                expectedFirsts.add(v.click().clickId() + "@" + ts);
            }
            process(v);
            if (reference.watermark() > watermark) {
                watermark = reference.watermark();
                harness.processWatermark(watermark);
            }
            if (random.nextInt(8) == 0) {
                assertThat(rememberedIds()).hasSize(reference.size());
            }
        }

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.click().clickId() + "@" + v.click().ts())
                .containsExactlyElementsOf(expectedFirsts);
        assertThat(duplicates()).hasSize(600 - expectedFirsts.size()).isNotEmpty();
        assertThat(rememberedIds()).hasSize(reference.size());
    }

    @Test
    void clicksWhoseWindowsEndInOneGridCellShareOneTimer() throws Exception {
        harness = open(null, Duration.ofMinutes(10));
        process(verdict("c-1", T0.plusSeconds(1)));
        process(verdict("c-2", T0.plusSeconds(2)));
        process(verdict("c-3", T0.plusSeconds(3)));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // a repeat after its window ended but before the cell's timer fired is a new first click
        GivtVerdict back = verdict("c-1", T0.plus(WINDOW).plusSeconds(2));
        process(back);
        assertThat(duplicates()).isEmpty();
        assertThat(harness.extractOutputValues()).endsWith(back);

        harness.processWatermark(T0.plus(WINDOW).plus(Duration.ofMinutes(10)).toEpochMilli());
        assertThat(rememberedIds()).containsExactly("c-1");
    }

    @Test
    void aLateClickInACellWhoseTimerFiredGetsTheTimerAgain() throws Exception {
        harness = open(null, Duration.ofMinutes(10));
        process(verdict("c-1", T0.plusSeconds(1)));
        long cellEnd = T0.plus(WINDOW).plus(Duration.ofMinutes(10)).toEpochMilli();
        harness.processWatermark(cellEnd);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(rememberedIds()).isEmpty();

        // same user, same cell: the first timer fired, so this one must be registered again
        process(verdict("c-2", T0.plusSeconds(2)));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(cellEnd + 1);
        assertThat(rememberedIds()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void manyClicksOfOneUserInOneCellKeepOneTimer() throws Exception {
        harness = open(null, Duration.ofMinutes(10));
        for (int i = 1; i <= 50; i++) {
            process(verdict("c-" + i, T0.plusSeconds(i)));
        }
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0.plus(WINDOW).plus(Duration.ofMinutes(10)).toEpochMilli());
        assertThat(rememberedIds()).isEmpty();
    }

    @Test
    void rejectsATimerGridUnderOneMillisecond() {
        assertThatThrownBy(() -> new DuplicateClickFunction(CONFIG, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timer grid");
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict> open(
            OperatorSubtaskState restoreFrom) throws Exception {
        return open(restoreFrom, Duration.ofMillis(1));
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict> open(
            OperatorSubtaskState restoreFrom, Duration grid) throws Exception {
        return open(restoreFrom, grid, CONFIG);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict> open(
            OperatorSubtaskState restoreFrom, Duration grid, GivtConfig config) throws Exception {
        return open(restoreFrom, grid, config, new EmbeddedRocksDBStateBackend());
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict> open(
            OperatorSubtaskState restoreFrom,
            Duration grid,
            GivtConfig config,
            StateBackend backend)
            throws Exception {
        function = new DuplicateClickFunction(config, grid);
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), IngressStages::userKey, Types.STRING);
        h.setStateBackend(backend);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private void process(GivtVerdict verdict) throws Exception {
        harness.processElement(new StreamRecord<>(verdict, verdict.click().ts()));
    }

    private List<GivtVerdict> duplicates() {
        var side = harness.getSideOutput(DuplicateClickFunction.DUPLICATES);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /** The click ids with a readable (unexpired) entry in the RocksDB state, over every user. */
    private List<String> rememberedIds() throws Exception {
        return rememberedIds(harness, function);
    }

    /** The click ids with a readable (unexpired) entry in {@code dedupe}'s RocksDB state. */
    static List<String> rememberedIds(
            KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict> harness,
            DuplicateClickFunction dedupe)
            throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        @SuppressWarnings("unchecked")
        KeyedStateBackend<String> backend =
                (KeyedStateBackend<String>) (KeyedStateBackend<?>) operator.getKeyedStateBackend();
        List<String> users;
        try (Stream<String> stream =
                backend.getKeys(DuplicateClickFunction.FIRST_SEEN_STATE, VoidNamespace.INSTANCE)) {
            users = stream.collect(Collectors.toList());
        }
        List<String> ids = new ArrayList<>();
        for (String user : users) {
            backend.setCurrentKey(user);
            MapState<String, Long> state =
                    backend.getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            dedupe.stateDescriptor());
            state.keys().forEach(ids::add);
        }
        return ids;
    }

    private static GivtVerdict verdict(String clickId, Instant at) {
        return verdict(clickId, at, "u.k1.x");
    }

    private static GivtVerdict verdict(String clickId, Instant at, String user) {
        return GivtVerdict.pass(
                Clicks.builder(user, "i.k1.y", at).clickId(clickId).session("s.k1.z").build());
    }
}
