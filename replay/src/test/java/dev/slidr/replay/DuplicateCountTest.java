package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.rules.givt.GivtReason;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** Repeated click ids reach the client as counts, one record per 10,000 and one at the end. */
class DuplicateCountTest {

    private static final Click CLICK =
            Clicks.builder("u-1", "198.51.100.7", Instant.parse("2026-03-02T09:00:00Z"))
                    .clickId("c-1")
                    .build();

    private static List<Either<Tuple2<String, Decision>, byte[]>> counted(int repeated)
            throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<>(new DuplicateCount())) {
            harness.setup(ReplayRun.OUTPUT.createSerializer(new SerializerConfigImpl()));
            harness.open();
            for (int i = 0; i < repeated; i++) {
                harness.processElement(
                        new GivtVerdict(CLICK, GivtReason.DUPLICATE_CLICK), CLICK.ts());
            }
            harness.endInput();
            return harness.extractOutputValues();
        }
    }

    @Test
    void aCountRecordPerTenThousandAndTheRestAtTheEnd() throws Exception {
        List<Either<Tuple2<String, Decision>, byte[]>> out =
                counted(WindowedDecisions.COUNT_EVERY + 3);

        assertThat(out).allMatch(Either::isRight);
        assertThat(out).map(e -> e.right()[0]).containsOnly(DuplicateCount.REPEATED);
        assertThat(out)
                .map(e -> DuplicateCount.count(e.right()))
                .containsExactly((long) WindowedDecisions.COUNT_EVERY, 3L);
    }

    @Test
    void noRepeatsNoRecord() throws Exception {
        assertThat(counted(0)).isEmpty();
    }
}
