package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny bench end to end in this JVM: a model trained on one simulated day, a real broker, the
 * exactly-once job and its peer on preloaded clicks, one latency rate, JMH in this JVM. Checks the
 * summary's shape and that every click was decided exactly once; no timing is asserted.
 */
class BenchCommandITCase {

    @Test
    void measuresEveryPartAndDecidesEveryClickOnce(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("bench.json");
        Path page = dir.resolve("benchmarks.md");
        Files.writeString(
                page,
                "# Benchmarks\n\nbefore\n<!-- bench:begin -->\nold\n<!-- bench:end -->\nafter\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit =
                cli.execute(
                        "bench",
                        "--clicks",
                        "3000",
                        "--rates",
                        "300",
                        "--rate-seconds",
                        "3",
                        "--warmup-seconds",
                        "2",
                        "--parallelism",
                        "2",
                        "--history-days",
                        "1",
                        "--epochs",
                        "2",
                        "--max-train-rows",
                        "20000",
                        "--scorer-forks",
                        "0",
                        "--scorer-iterations",
                        "1",
                        "--scorer-millis",
                        "50",
                        "--set",
                        "execution.buffer-timeout.interval=5ms",
                        // decisions become visible at checkpoints: the production interval (10 s)
                        // would make each part wait for one
                        "--set",
                        "slidr.job.checkpoint.interval=1s",
                        "--registry",
                        dir.resolve("registry").toString(),
                        "--summary",
                        summary.toString(),
                        "--write-docs",
                        page.toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertThat(s.get("exactly_once").asBoolean()).isTrue();
        assertThat(s.get("command").asText()).startsWith("bin/slidr bench --clicks 3000");
        for (String run : new String[] {"throughput", "peer"}) {
            JsonNode r = s.get(run);
            assertThat(r.get("clicks").asLong()).as(run).isPositive();
            assertThat(r.get("distinct_decided").asLong())
                    .as(run)
                    .isEqualTo(r.get("clicks").asLong());
            assertThat(r.get("duplicates").asLong()).as(run).isZero();
            assertThat(r.get("undecided").asLong()).as(run).isZero();
            assertThat(r.get("clicks_per_second").asLong()).as(run).isPositive();
        }
        assertThat(s.get("peer").get("clicks").asLong())
                .isEqualTo(s.get("throughput").get("clicks").asLong());
        assertThat(s.get("peer").get("ratio").asDouble()).isPositive();
        JsonNode profile = s.get("throughput").get("profile");
        // a run of 3,000 clicks can end before the recorder's first sample: the profile is
        // there, and whatever was sampled is summarized
        assertThat(profile.get("java_samples").asLong()).isNotNegative();
        assertThat(profile.get("top_frames").isArray()).isTrue();
        assertThat(profile.get("top_packages").isArray()).isTrue();
        if (profile.get("java_samples").asLong() > 0) {
            assertThat(profile.get("top_frames").size()).isPositive();
            assertThat(profile.get("top_packages").size()).isPositive();
        }

        JsonNode latency = s.get("latency");
        assertThat(latency.size()).isEqualTo(1);
        JsonNode phase = latency.get(0);
        assertThat(phase.get("exactly_once").asBoolean()).isTrue();
        // the job's histogram recorded every click of the phase, GIVT and scored alike
        assertThat(phase.get("processing_ms").get("count").asLong())
                .isEqualTo(phase.get("clicks").asLong())
                .isEqualTo(900);
        assertThat(phase.get("processing_ms").get("max").asDouble())
                .isGreaterThanOrEqualTo(phase.get("processing_ms").get("p50").asDouble())
                .isPositive();
        assertThat(phase.get("produced_to_decided_ms").get("count").asLong()).isEqualTo(900);

        JsonNode scorer = s.get("scorer");
        assertThat(scorer.get("rows").size()).isGreaterThanOrEqualTo(4);
        assertThat(scorer.get("rows").findValuesAsText("batch")).contains("1", "8", "64", "512");
        assertThat(scorer.get("cuda").asText()).isNotBlank();

        String written = Files.readString(page);
        assertThat(written)
                .startsWith("# Benchmarks\n\nbefore\n<!-- bench:begin -->\n")
                .endsWith("<!-- bench:end -->\nafter\n")
                .doesNotContain("\nold\n")
                .contains("bin/slidr bench --clicks 3000", "Live job / peer throughput");
        assertThat(out.toString()).contains("=== slidr bench ===");
    }
}
