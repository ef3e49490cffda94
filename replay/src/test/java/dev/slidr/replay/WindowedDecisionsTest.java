package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** Decisions of the window go to the client; the others only as counts. */
class WindowedDecisionsTest {

    private static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));
    private static final ReplayWindow WINDOW = new ReplayWindow(FROM, TO, Duration.ofHours(2));

    private static Tuple2<String, Decision> decided(String id, long eventTs) {
        return Tuple2.of(
                "adv-" + id, Decision.givt(id, eventTs, eventTs + 5, List.of("r"), "desktop"));
    }

    private static OneInputStreamOperatorTestHarness<
                    Tuple2<String, Decision>, Either<Tuple2<String, Decision>, byte[]>>
            harness() throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new WindowedDecisions(WINDOW));
        harness.setup(ReplayRun.OUTPUT.createSerializer(new SerializerConfigImpl()));
        harness.open();
        return harness;
    }

    /** Sums the count records: warmed, after. */
    private static long[] counted(List<Either<Tuple2<String, Decision>, byte[]>> out) {
        long[] sum = new long[2];
        for (var next : out) {
            if (next.isRight()) {
                assertThat(next.right()[0]).isEqualTo(WindowedDecisions.COUNT);
                long[] c = WindowedDecisions.counts(next.right());
                sum[0] += c[0];
                sum[1] += c[1];
            }
        }
        return sum;
    }

    @Test
    void passesTheWindowsDecisionsAndCountsTheRest() throws Exception {
        long from = FROM.toEpochMilli();
        long to = TO.toEpochMilli();
        Map<String, Long> times =
                Map.of(
                        "before", from - Duration.ofHours(3).toMillis(),
                        "warm", from - 1,
                        "first", from,
                        "last", to - 1,
                        "end", to);
        try (var harness = harness()) {
            for (var e : times.entrySet()) {
                harness.processElement(decided(e.getKey(), e.getValue()), e.getValue());
            }
            harness.endInput();

            List<Either<Tuple2<String, Decision>, byte[]>> out = harness.extractOutputValues();
            List<String> passed = new ArrayList<>();
            for (var next : out) {
                if (next.isLeft()) {
                    assertThat(next.left().f0).isEqualTo("adv-" + next.left().f1.clickId());
                    passed.add(next.left().f1.clickId());
                }
            }
            assertThat(passed).containsExactlyInAnyOrder("first", "last");
            // before the warm-up counts as warmed, as the client always counted it
            assertThat(counted(out)).containsExactly(2, 1);
        }
    }

    @Test
    void sendsACountRecordEveryTenThousandLeftOutDecisions() throws Exception {
        long warm = FROM.toEpochMilli() - 1;
        int n = 2 * WindowedDecisions.COUNT_EVERY + 7;
        try (var harness = harness()) {
            for (int i = 0; i < n; i++) {
                harness.processElement(decided("c" + i, warm), warm);
            }
            assertThat(harness.extractOutputValues()).hasSize(2);
            harness.endInput();

            assertThat(harness.extractOutputValues()).hasSize(3);
            assertThat(counted(harness.extractOutputValues())).containsExactly(n, 0);
        }
    }

    @Test
    void sendsNoCountRecordWhenNothingWasLeftOut() throws Exception {
        try (var harness = harness()) {
            harness.processElement(decided("c", FROM.toEpochMilli()), FROM.toEpochMilli());
            harness.endInput();

            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.extractOutputValues().get(0).isLeft()).isTrue();
        }
    }
}
