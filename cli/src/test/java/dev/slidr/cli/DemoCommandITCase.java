package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole demo in this JVM: a model trained on one simulated day (the registry starts empty), a
 * real broker, the exactly-once job on a MiniCluster and a short burst of live traffic with
 * malformed records mixed in.
 */
class DemoCommandITCase {

    @Test
    void decidesEveryValidClickOnceAndDeadLettersEveryMalformedRecord(@TempDir Path dir)
            throws Exception {
        Path summary = dir.resolve("demo.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit =
                cli.execute(
                        "demo",
                        "--seconds",
                        "12",
                        "--rate",
                        "300",
                        "--history-days",
                        "1",
                        "--epochs",
                        "2",
                        "--max-train-rows",
                        "20000",
                        "--bad-every",
                        "100",
                        "--warmup-hours",
                        "1",
                        "--registry",
                        dir.resolve("registry").toString(),
                        "--summary",
                        summary.toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        long clicks = s.get("clicks").asLong();
        assertThat(clicks).isGreaterThan(500);
        assertThat(s.get("decisions").asLong()).isEqualTo(clicks);
        assertThat(s.get("duplicates").asLong()).isZero();
        assertThat(s.get("invalid").asLong()).isEqualTo(clicks / 100);
        assertThat(s.get("dead_letters").asLong()).isEqualTo(s.get("invalid").asLong());
        assertThat(s.get("combined").get("clicks").asLong()).isEqualTo(clicks);
        // the warm-up hour is decided once per click and stays out of the figures
        long warmupClicks = s.get("warmup_clicks").asLong();
        assertThat(warmupClicks).isPositive();
        assertThat(s.get("warmup_decisions").asLong()).isEqualTo(warmupClicks);
        assertThat(s.get("warmup_undecided").asLong()).isZero();
        assertThat(s.get("unknown_click_ids").asLong()).isZero();
        assertThat(s.get("slices").size()).isGreaterThan(1);
        assertThat(s.get("latency_ms").get("p999").asLong()).isPositive();
        assertThat(out.toString()).contains("=== slidr demo: final figures ===", "combined");
    }

    @Test
    void refusesAWarmupLongerThanTheHistory() {
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("demo", "--history-days", "1", "--warmup-hours", "25");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--warmup-hours must be in [0, 24");
    }

    @Test
    void refusesANonPositiveStreamingTime() {
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("demo", "--seconds", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("streaming time must be in (0 s, 24 h]");
    }
}
