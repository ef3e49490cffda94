package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.job.metrics.TestingMetricGroups;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Valid clicks pass; every other record becomes a dead letter with its reason and origin. */
class ClickParseFunctionTest {

    private static RawRecord raw(long offset, byte[] value) {
        return new RawRecord("clicks", 1, offset, 0L, value, value.length, false);
    }

    @Test
    void emitsValidClicksAndDeadLettersTheRest() throws Exception {
        Click click = Clicks.click("alice", "198.51.100.1", T0);
        try (OneInputStreamOperatorTestHarness<RawRecord, Click> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ClickParseFunction())) {
            harness.setProcessingTime(1234L);
            harness.processElement(raw(1, ContractJson.write(click)), 10L);
            harness.processElement(raw(2, "{\"click_id\":".getBytes(StandardCharsets.UTF_8)), 11L);
            harness.processElement(new RawRecord("clicks", 1, 3, 0L, null, -1, false), 12L);
            harness.processElement(
                    new RawRecord("clicks", 1, 4, 0L, new byte[] {'x', 'y'}, 99_999, true), 13L);

            assertThat(harness.extractOutputValues()).containsExactly(click);
            List<DeadLetter> letters =
                    harness.getSideOutput(ClickParseFunction.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList());
            assertThat(letters)
                    .extracting(DeadLetter::reason)
                    .containsExactly(
                            ReasonCode.MALFORMED_JSON,
                            ReasonCode.MALFORMED_JSON,
                            ReasonCode.OVERSIZED);
            assertThat(letters).extracting(DeadLetter::sourceOffset).containsExactly(2L, 3L, 4L);
            assertThat(letters).allSatisfy(l -> assertThat(l.ts()).isEqualTo(1234L));
            assertThat(letters.get(0).original())
                    .isEqualTo("{\"click_id\":".getBytes(StandardCharsets.UTF_8));
            assertThat(letters.get(1).message()).contains("tombstone");
            assertThat(letters.get(2).originalLength()).isEqualTo(99_999);
            assertThat(letters.get(2).truncated()).isTrue();
        }
    }

    @Test
    void countsDeadLettersPerReasonInAReasonGroupWithEveryReasonRegisteredAtStart()
            throws Exception {
        TestingMetricGroups metrics = new TestingMetricGroups();
        try (MockEnvironment env =
                        new MockEnvironmentBuilder().setMetricGroup(metrics.taskGroup()).build();
                OneInputStreamOperatorTestHarness<RawRecord, Click> harness =
                        new OneInputStreamOperatorTestHarness<>(
                                new ProcessOperator<>(new ClickParseFunction()), env)) {
            harness.open();
            for (ReasonCode reason : ReasonCode.values()) {
                assertThat(deadLetters(metrics, reason)).as(reason.wireName()).isZero();
            }
            harness.processElement(raw(1, "{\"click_id\":".getBytes(StandardCharsets.UTF_8)), 1L);
            harness.processElement(raw(2, "[]".getBytes(StandardCharsets.UTF_8)), 2L);
            harness.processElement(
                    new RawRecord("clicks", 1, 3, 0L, new byte[] {'x'}, 50_000, true), 3L);
            harness.processElement(
                    raw(4, ContractJson.write(Clicks.click("bob", "198.51.100.9", T0))), 4L);

            assertThat(deadLetters(metrics, ReasonCode.MALFORMED_JSON)).isEqualTo(2);
            assertThat(deadLetters(metrics, ReasonCode.OVERSIZED)).isEqualTo(1);
            assertThat(deadLetters(metrics, ReasonCode.INVALID_IP)).isZero();
            assertThat(metrics.get("clicks_parsed", java.util.Map.of(), Counter.class).getCount())
                    .isEqualTo(1);
        }
    }

    private static long deadLetters(TestingMetricGroups metrics, ReasonCode reason) {
        return metrics.get(
                        ClickParseFunction.DEAD_LETTERS_METRIC,
                        java.util.Map.of(ClickParseFunction.REASON_KEY, reason.wireName()),
                        Counter.class)
                .getCount();
    }

    @Test
    void deadLettersBytesThatAreNotUtf8() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, Click> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ClickParseFunction())) {
            harness.processElement(raw(9, new byte[] {'{', '"', (byte) 0xff, '"', '}'}), 0L);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(ClickParseFunction.DEAD_LETTERS))
                    .extracting(r -> r.getValue().reason())
                    .containsExactly(ReasonCode.NOT_UTF8);
        }
    }
}
