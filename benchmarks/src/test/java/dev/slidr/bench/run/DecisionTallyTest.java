package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tally's reading of a decision: the three fields it counts, or null for anything else. */
class DecisionTallyTest {

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheClickIdDecidedTimeAndVerdictOfAWrittenDecision() {
        Decision decision =
                Decision.givt("click-1", 1_000L, 1_250L, List.of("givt_declared_robot"), "all");

        assertThat(DecisionTally.read(ContractJson.write(decision)))
                .isEqualTo(new DecisionTally.Fields("click-1", 1_250L, true));
    }

    @Test
    void readsTheFieldsInAnyOrderAndSkipsWhatItDoesNotCount() {
        byte[] reordered =
                utf8(
                        "{\"features\":[1.5,2.0,{\"x\":[3]}],\"invalid\":false,"
                                + "\"decided_ts\":7,\"stage\":\"NONE\",\"click_id\":\"c\"}");

        assertThat(DecisionTally.read(reordered))
                .isEqualTo(new DecisionTally.Fields("c", 7L, false));
    }

    @Test
    void answersNullForMissingWronglyTypedOrUnreadableRecords() {
        assertThat(DecisionTally.read(null)).isNull();
        assertThat(DecisionTally.read(new byte[0])).isNull();
        assertThat(DecisionTally.read(utf8("[1,2]"))).isNull();
        assertThat(DecisionTally.read(utf8("{\"click_id\":\"c\",\"decided_ts\":7}"))).isNull();
        assertThat(
                        DecisionTally.read(
                                utf8("{\"click_id\":\"c\",\"decided_ts\":\"7\",\"invalid\":true}")))
                .isNull();
        assertThat(DecisionTally.read(utf8("{\"click_id\":5,\"decided_ts\":7,\"invalid\":true}")))
                .isNull();
        assertThat(DecisionTally.read(utf8("{\"click_id\":\"c\",\"decided_ts\":7,\"inv"))).isNull();
        assertThat(DecisionTally.read(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x7B})).isNull();
    }
}
