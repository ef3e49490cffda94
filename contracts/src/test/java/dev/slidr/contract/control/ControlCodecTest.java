package dev.slidr.contract.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The control topic's codec: round trips, and every kind of bad command gets its reason. */
class ControlCodecTest {

    private static final long TS = 1_772_442_000_000L;

    private static Parsed<ControlCommand> decode(String json) {
        return ControlCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ReasonCode reason(Parsed<ControlCommand> parsed) {
        assertThat(parsed).isInstanceOf(Parsed.Rejected.class);
        return ((Parsed.Rejected<ControlCommand>) parsed).reason();
    }

    @Test
    void everyCommandSurvivesARoundTrip() {
        for (ControlCommand command :
                List.of(
                        new ControlCommand.Activate("m20260302-1a2b3c4d", TS),
                        new ControlCommand.Rollback(null),
                        new ControlCommand.Rollback("m1"),
                        new ControlCommand.Shadow("m2.b_c"),
                        new ControlCommand.Unshadow())) {
            assertThat(ControlCodec.decode(ControlCodec.encode(command)).value())
                    .isEqualTo(command);
        }
    }

    @Test
    void theWireFormIsPlainJson() {
        assertThat(
                        new String(
                                ControlCodec.encode(new ControlCommand.Activate("m1", TS)),
                                StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"command\":\"activate\",\"version\":\"m1\",\"effective_ts\":"
                                + TS
                                + "}");
        assertThat(decode("{\"to\":\"m0\",\"command\":\"rollback\"}").value())
                .isEqualTo(new ControlCommand.Rollback("m0"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'' | malformed_json",
                "[] | malformed_json",
                "{\"command\":\"unshadow\"} x | malformed_json",
                "{\"command\":\"unshadow\" | malformed_json",
                "{} | missing_field",
                "{\"command\":null} | null_field",
                "{\"command\":1} | wrong_type",
                "{\"command\":\"delete\"} | invalid_value",
                "{\"command\":\"ACTIVATE\",\"version\":\"m1\",\"effective_ts\":1772442000000}"
                        + " | invalid_value",
                "{\"command\":\"activate\",\"version\":\"m1\"} | missing_field",
                "{\"command\":\"activate\",\"effective_ts\":1772442000000} | missing_field",
                "{\"command\":\"activate\",\"version\":\"m1\",\"efective_ts\":1772442000000}"
                        + " | unknown_field",
                "{\"command\":\"unshadow\",\"version\":\"m1\"} | unknown_field",
                "{\"command\":\"activate\",\"version\":\"m1\",\"effective_ts\":\"1772442000000\"}"
                        + " | wrong_type",
                "{\"command\":\"activate\",\"version\":\"m1\",\"effective_ts\":1.7e12}"
                        + " | wrong_type",
                "{\"command\":\"activate\",\"version\":\"m1\",\"effective_ts\":null} | null_field",
                "{\"command\":\"activate\",\"version\":\"m1\",\"effective_ts\":-1}"
                        + " | timestamp_out_of_range",
                "{\"command\":\"activate\",\"version\":\"m1\","
                        + "\"effective_ts\":99999999999999999999999} | timestamp_out_of_range",
                "{\"command\":\"shadow\",\"version\":\"\"} | invalid_value",
                "{\"command\":\"shadow\",\"version\":\"../../etc\"} | invalid_value",
                "{\"command\":\"shadow\",\"version\":\"m1\\u202e\"} | invalid_character",
                "{\"command\":\"shadow\",\"version\":\"m1\\n\"} | invalid_character",
                "{\"command\":\"shadow\",\"version\":{\"a\":1}} | too_deep",
                "{\"command\":\"rollback\",\"to\":[\"m1\"]} | too_deep",
                "{\"command\":\"unshadow\",\"command\":\"unshadow\"} | duplicate_field",
            })
    void aBadCommandIsRejectedWithItsReason(String json, String wireName) {
        assertThat(reason(decode(json)).wireName()).isEqualTo(wireName);
    }

    @Test
    void oversizedAndNonUtf8BytesAreRejectedBeforeParsing() {
        String padded = "{\"command\":\"shadow\",\"version\":\"" + "m".repeat(2000) + "\"}";
        assertThat(reason(decode(padded))).isEqualTo(ReasonCode.OVERSIZED);
        assertThat(reason(ControlCodec.decode(new byte[] {'{', (byte) 0xC3, '}'})))
                .isEqualTo(ReasonCode.NOT_UTF8);
        assertThat(reason(ControlCodec.decode(null))).isEqualTo(ReasonCode.MALFORMED_JSON);
        String tooLong = "{\"command\":\"shadow\",\"version\":\"" + "m".repeat(129) + "\"}";
        assertThat(reason(decode(tooLong)))
                .isIn(ReasonCode.FIELD_TOO_LONG, ReasonCode.INVALID_VALUE);
    }

    @Test
    void commandsRefuseVersionsTheRegistryCannotHold() {
        assertThatThrownBy(() -> new ControlCommand.Activate("../x", TS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ControlCommand.Shadow(null))
                .isInstanceOf(NullPointerException.class);
    }
}
