package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Valid conversions pass to the monitor; every other record becomes a dead letter. */
class ConversionIngressTest {

    private static RawRecord raw(long offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new RawRecord("conversions", 0, offset, 0L, bytes, bytes.length, false);
    }

    @Test
    void emitsValidConversionsAndDeadLettersMalformedMissingOversizedAndHostileRecords()
            throws Exception {
        Conversion conversion =
                new Conversion("click-1", T0.toEpochMilli(), Conversion.Kind.PURCHASE);
        byte[] valid = ContractJson.write(conversion);
        try (OneInputStreamOperatorTestHarness<RawRecord, Conversion> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ConversionIngress.Parse())) {
            harness.setProcessingTime(99L);
            harness.processElement(
                    new RawRecord("conversions", 0, 1, 0L, valid, valid.length, false), 1L);
            harness.processElement(raw(2, "{\"click_id\":"), 2L);
            harness.processElement(raw(3, "{\"click_id\":\"click-2\"}"), 3L);
            harness.processElement(new RawRecord("conversions", 0, 4, 0L, null, -1, false), 4L);
            harness.processElement(
                    new RawRecord("conversions", 0, 5, 0L, new byte[] {'x'}, 1_000_000, true), 5L);
            harness.processElement(raw(6, "{\"click_id\":{\"a\":{\"b\":[[[[[1]]]]]}}}"), 6L);

            assertThat(harness.extractOutputValues()).containsExactly(conversion);
            List<DeadLetter> letters =
                    harness.getSideOutput(ConversionIngress.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(letters)
                    .extracting(DeadLetter::sourceOffset)
                    .containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(letters.get(0).reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
            assertThat(letters.get(1).reason()).isEqualTo(ReasonCode.MISSING_FIELD);
            assertThat(letters.get(2).reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
            assertThat(letters.get(2).message()).contains("tombstone");
            assertThat(letters.get(3).reason()).isEqualTo(ReasonCode.OVERSIZED);
            assertThat(letters.get(4).reason()).isIn(ReasonCode.TOO_DEEP, ReasonCode.WRONG_TYPE);
            assertThat(letters).allSatisfy(l -> assertThat(l.message()).isNotBlank());
            assertThat(letters).allSatisfy(l -> assertThat(l.ts()).isEqualTo(99L));
        }
    }
}
