package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * An upgrade rehearsal passes only when nothing was lost or repeated, the job reported the new
 * version and the counters continued; its JSON leads with the verdict.
 */
class UpgradeSummaryTest {

    @Test
    void aCleanUpgradePasses() {
        assertThat(summary(0, 0, "0.1.1", 100, 0).passed()).isTrue();
    }

    @Test
    void aLostOrRepeatedDecisionFails() {
        assertThat(summary(1, 0, "0.1.1", 100, 0).passed()).isFalse();
        assertThat(summary(0, 1, "0.1.1", 100, 0).passed()).isFalse();
    }

    @Test
    void aJobStillReportingTheOldVersionFails() {
        assertThat(summary(0, 0, "0.1.0", 100, 0).passed()).isFalse();
        assertThat(summary(0, 0, null, 100, 0).passed()).isFalse();
    }

    @Test
    void countersThatDidNotContinueOrWereNeverComparedFail() {
        assertThat(summary(0, 0, "0.1.1", 100, 3).passed()).isFalse();
        assertThat(summary(0, 0, "0.1.1", 0, 0).passed())
                .as("no decision after the upgrade for a key seen before it")
                .isFalse();
    }

    @Test
    void writesSnakeCaseJsonWithTheVerdictFirst() throws Exception {
        JsonNode json = new ObjectMapper().readTree(summary(0, 0, "0.1.1", 100, 0).toJson());

        assertThat(json.fieldNames().next()).isEqualTo("passed");
        assertThat(json.path("upgrade").path("version_after").asText()).isEqualTo("0.1.1");
        assertThat(json.path("upgrade").path("savepoint_bytes").asLong()).isEqualTo(4096);
        assertThat(json.path("counters").path("compared_after").asLong()).isEqualTo(100);
    }

    private static UpgradeSummary summary(
            long lost, long duplicated, String versionAfter, long comparedAfter, long mismatches) {
        return new UpgradeSummary(
                1000,
                10,
                1000 - lost + duplicated,
                1000 - lost,
                lost,
                duplicated,
                0,
                10,
                0,
                0,
                new UpgradeSummary.Upgrade(
                        "0.1.0",
                        versionAfter,
                        "0.1.1",
                        2,
                        3,
                        "a",
                        "b",
                        500,
                        "/tmp/savepoint",
                        4096,
                        1.5,
                        4.0,
                        400,
                        600 - lost,
                        null),
                new UpgradeSummary.Counters(50, 1000, comparedAfter, mismatches, null),
                20.0);
    }
}
