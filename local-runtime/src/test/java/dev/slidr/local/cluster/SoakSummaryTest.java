package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.ReasonCode;
import dev.slidr.simulator.hostile.HostileKind;
import java.util.List;
import java.util.Map;
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

    private static final SoakTraffic.HostileLabel TOO_DEEP =
            new SoakTraffic.HostileLabel(HostileKind.DEEP_NESTING, "objects", ReasonCode.TOO_DEEP);
    private static final SoakTraffic.HostileLabel IPV6 =
            new SoakTraffic.HostileLabel(HostileKind.IPV6_FORMS, "full", null);

    @Test
    void talliesHostileRecordsPerKindAgainstTheirExpectedReasons() {
        SoakSummary.Hostile hostile =
                SoakSummary.Hostile.tally(
                        4,
                        Map.of(
                                "clicks/0/1",
                                TOO_DEEP,
                                "clicks/0/2",
                                TOO_DEEP,
                                "clicks/1/7",
                                TOO_DEEP),
                        Map.of("hostile-3", IPV6),
                        Map.of(
                                "clicks/0/1", ReasonCode.TOO_DEEP,
                                "clicks/0/2", ReasonCode.MALFORMED_JSON),
                        Map.of("hostile-3", 1));
        assertThat(hostile.deadLettersExpected()).isEqualTo(3);
        assertThat(hostile.deadLettersRight()).isEqualTo(1);
        assertThat(hostile.deadLettersWrongReason()).isEqualTo(1);
        assertThat(hostile.deadLettersMissing()).isEqualTo(1);
        assertThat(hostile.clicksDecided()).isEqualTo(1);
        assertThat(hostile.passed()).isFalse();
        SoakSummary.Kind deep = hostile.kinds().get(0);
        assertThat(deep.kind()).isEqualTo("deep_nesting");
        assertThat(deep.expected()).containsExactly(Map.entry("too_deep", 3L));
        assertThat(deep.got())
                .containsExactly(
                        Map.entry("malformed_json", 1L),
                        Map.entry("none", 1L),
                        Map.entry("too_deep", 1L));
        assertThat(hostile.kinds().get(1).clicksDecided()).isEqualTo(1);
    }

    @Test
    void aHostileClickDecidedTwiceOrNeverFailsTheSoak() {
        Map<String, SoakTraffic.HostileLabel> one = Map.of("hostile-3", IPV6);
        assertThat(
                        SoakSummary.Hostile.tally(
                                        1, Map.of(), one, Map.of(), Map.of("hostile-3", 1))
                                .passed())
                .isTrue();
        assertThat(
                        SoakSummary.Hostile.tally(
                                        1, Map.of(), one, Map.of(), Map.of("hostile-3", 2))
                                .passed())
                .isFalse();
        assertThat(SoakSummary.Hostile.tally(1, Map.of(), one, Map.of(), Map.of()).passed())
                .isFalse();
    }

    @Test
    void aRestartWithoutAnInjectedFaultFailsTheSoak() {
        SoakSummary base = summary(0, 0, RECOVERED);
        SoakSummary noFaults =
                new SoakSummary(
                        10, 1, 10, 10, 0, 0, 1, 0, 0, 0, List.of(), 1, 12.5, SETTINGS, null);
        assertThat(base.passed()).isTrue();
        assertThat(noFaults.passed()).isFalse();
        assertThat(
                        new SoakSummary(
                                        10, 1, 10, 10, 0, 0, 1, 0, 0, 0, List.of(), 0, 12.5,
                                        SETTINGS, null)
                                .passed())
                .isTrue();
    }

    @Test
    void writesTheHostileSectionOnlyWhenTheCorpusRan() throws Exception {
        assertThat(summary(0, 0, RECOVERED).toJson()).doesNotContain("hostile");
        SoakSummary.Hostile hostile =
                SoakSummary.Hostile.tally(
                        1,
                        Map.of("clicks/0/1", TOO_DEEP),
                        Map.of(),
                        Map.of("clicks/0/1", ReasonCode.TOO_DEEP),
                        Map.of());
        SoakSummary with =
                new SoakSummary(
                        10, 1, 10, 10, 0, 0, 2, 0, 0, 0, List.of(), 0, 12.5, SETTINGS, hostile);
        assertThat(with.passed()).isTrue();
        assertThat(with.toJson())
                .contains("\"hostile\" : {")
                .contains("\"dead_letters_right\" : 1")
                .contains("\"kind\" : \"deep_nesting\"");
    }
}
