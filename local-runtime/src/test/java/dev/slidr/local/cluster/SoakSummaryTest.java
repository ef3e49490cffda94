package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A soak passes only with nothing lost or repeated and every fault recovered. */
class SoakSummaryTest {

    private static final SoakSummary.Settings SETTINGS =
            new SoakSummary.Settings(2, 2, 3, 100, "1000 ms", 7, "/tmp/run");

    private static SoakSummary summary(long lost, long duplicated, SoakSummary.Fault fault) {
        return new SoakSummary(
                10,
                1,
                10 + duplicated - lost,
                10 - lost,
                lost,
                duplicated,
                1,
                0,
                0,
                0,
                List.of(fault),
                1,
                12.5,
                SETTINGS);
    }

    private static final SoakSummary.Fault RECOVERED =
            new SoakSummary.Fault("tm-kill", "taskmanager-0", 5, 1.0, 9.5, 1, null);

    @Test
    void passesWhenEveryCountMatches() {
        assertThat(summary(0, 0, RECOVERED).passed()).isTrue();
    }

    @Test
    void failsOnALostOrRepeatedDecision() {
        assertThat(summary(1, 0, RECOVERED).passed()).isFalse();
        assertThat(summary(0, 1, RECOVERED).passed()).isFalse();
    }

    @Test
    void failsWhenAFaultDidNotRecoverOrCouldNotBeInjected() {
        assertThat(
                        summary(0, 0, new SoakSummary.Fault("tm-kill", "", 5, 1.0, -1, 0, null))
                                .passed())
                .isFalse();
        assertThat(
                        summary(0, 0, new SoakSummary.Fault("tm-kill", "", 5, 1.0, 3, 0, "refused"))
                                .passed())
                .isFalse();
    }

    @Test
    void writesSnakeCaseJsonWithTheVerdict() throws Exception {
        String json = summary(0, 0, RECOVERED).toJson();
        assertThat(json)
                .contains("\"passed\" : true")
                .contains("\"lost\" : 0")
                .contains("\"dead_letters\" : 1")
                .contains("\"recovery_seconds\" : 9.5")
                .contains("\"job_restarts\" : 1");
    }
}
