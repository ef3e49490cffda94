package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's line of throughput rounds, live and peer. */
class BenchReportRoundsTest {

    private static List<Map<String, Object>> rates(long... perSecond) {
        return java.util.Arrays.stream(perSecond)
                .mapToObj(r -> Map.<String, Object>of("clicks_per_second", r))
                .toList();
    }

    @Test
    void listsEveryRoundOfBothAndTheLastRoundsRatio() {
        StringBuilder md = new StringBuilder();

        BenchReport.rounds(md, rates(2454, 13840, 16124), rates(70000, 81000, 83022), 0.194);

        assertThat(md.toString())
                .contains("live 2,454 / 13,840 / 16,124; peer 70,000 / 81,000 / 83,022.")
                .contains("Live / peer, last rounds: **0.194**.")
                .endsWith("\n\n");
    }

    @Test
    void saysNothingForOneRoundAndLeavesOutAMissingSide() {
        StringBuilder one = new StringBuilder();
        BenchReport.rounds(one, rates(2454), rates(83022), null);
        StringBuilder liveOnly = new StringBuilder();
        BenchReport.rounds(liveOnly, rates(1, 2), null, null);

        assertThat(one.toString()).isEmpty();
        assertThat(liveOnly.toString())
                .contains("clicks/s: live 1 / 2.")
                .doesNotContain("peer ")
                .doesNotContain("last rounds");
    }

    @Test
    void theFloorsRoundsAndItsRatiosToThePeerAndToTheLiveJob() {
        StringBuilder md = new StringBuilder();
        Map<String, Object> floor =
                Map.of(
                        "clicks_per_second", 20000L,
                        "ratio_to_peer_last_round", 0.31,
                        "live_ratio_last_round", 0.55);

        BenchReport.floor(md, floor, rates(20000, 24000, 25500));

        assertThat(md.toString())
                .contains("clicks/s: 20,000 / 24,000 / 25,500.")
                .contains("Floor / peer, last rounds: **0.31**.")
                .contains("Live / floor, last rounds: **0.55**.")
                .endsWith("\n\n");
    }

    private static Map<String, Object> phase(double rate, double p999) {
        return Map.of(
                "rate",
                rate,
                "achieved_rate",
                (long) rate,
                "clicks",
                (long) rate * 20,
                "processing_ms",
                Map.of("p50", 1.0, "p99", 2.0, "p999", p999, "max", p999 + 1),
                "produced_to_decided_ms",
                Map.of("p50", 5L, "p99", 6L, "p999", 7L, "max", 8L));
    }

    @Test
    void theFloorsLatencyFollowsTheLiveJobsUnderItsOwnHeading() {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("command", "bin/slidr bench --parts latency,floor-latency");
        summary.put("started", "2026-12-06T22:00:00Z");
        summary.put("machine", Map.of("cores", 2, "java", "17", "max_heap_mb", 4096));
        summary.put("latency", List.of(phase(5000, 47.2)));
        summary.put("floor_latency", List.of(phase(5000, 12.5)));

        String md = BenchReport.text(summary);

        int live = md.indexOf("| 5,000 | 5,000 | 100,000 | 1.0 ms | 2.0 ms | 47.2 ms |");
        int heading = md.indexOf("The floor (`TopologyFloorJob`");
        int floor = md.indexOf("| 5,000 | 5,000 | 100,000 | 1.0 ms | 2.0 ms | 12.5 ms |");
        assertThat(live).isNotNegative();
        assertThat(heading).isGreaterThan(live);
        assertThat(floor).isGreaterThan(heading);
    }
}
