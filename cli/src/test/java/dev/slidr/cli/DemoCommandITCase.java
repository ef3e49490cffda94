package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.RegistryState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The whole demo in this JVM: a model trained on three simulated days (the registry starts empty),
 * a real broker, the exactly-once job on a MiniCluster, and live traffic with malformed records
 * mixed in, during which a deliberately bad model is activated and rolled back. One demo run
 * carries every end-to-end check (the demo is the test suite's slowest part); the refusals of bad
 * options need no run.
 */
class DemoCommandITCase {

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
    void refusesANetworkCountOutsideOneToSixteen() {
        for (String n : new String[] {"0", "17"}) {
            StringWriter err = new StringWriter();
            CommandLine cli = SlidrCommand.commandLine();
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute("demo", "--networks", n);
            assertThat(exit).as(n).isEqualTo(2);
            assertThat(err.toString()).as(n).contains("--networks must be in [1, 16], was " + n);
        }
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

    @Test
    void decidesEveryClickOnceDeadLettersTheMalformedAndRollsTheBadModelBack(@TempDir Path dir)
            throws Exception {
        Path summary = dir.resolve("demo.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        Path registryDir = dir.resolve("registry");

        int exit =
                cli.execute(
                        "demo",
                        "--seconds",
                        "24",
                        "--rate",
                        "300",
                        // three days train a model the guardrails accept, so that it is stable
                        "--history-days",
                        "3",
                        "--epochs",
                        "2",
                        "--max-train-rows",
                        "50000",
                        "--warmup-hours",
                        "1",
                        "--bad-model-at",
                        "0.15",
                        "--bad-every",
                        "100",
                        "--registry",
                        registryDir.toString(),
                        "--summary",
                        summary.toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertThat(s.get("model_promoted").asBoolean())
                .as("the demo's model is stable, so the bad one can be rolled back from")
                .isTrue();
        String good = s.get("model_version").asText();
        String bad = s.get("bad_model").asText();
        assertThat(bad).isEqualTo(good + "-flag-all");
        assertThat(s.get("bad_model_activated").asBoolean()).as("stderr: %s", err).isTrue();
        // every valid click is decided exactly once across the switch, and every malformed
        // record is one dead letter
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
        // each truth kind's invalidated share, over the same decided clicks as combined
        long byKind = 0;
        for (JsonNode kind : s.get("kinds")) {
            byKind += kind.get("clicks").asLong();
            assertThat(
                            kind.get("logged_in_clicks").asLong()
                                    + kind.get("anonymous_clicks").asLong())
                    .isEqualTo(kind.get("clicks").asLong());
        }
        assertThat(s.get("kinds").has("human")).isTrue();
        assertThat(byKind).isEqualTo(s.get("combined").get("clicks").asLong());
        assertThat(s.get("latency_ms").get("p999").asLong()).isPositive();
        assertThat(out.toString())
                .contains("=== slidr demo: final figures ===", "combined", "truth kind");
        // the change, as the control topic and the registry's history have it
        JsonNode first = s.get("model_changes").get(0);
        assertThat(first.get("action").asText()).isEqualTo("activate");
        assertThat(first.get("version").asText()).isEqualTo(bad);
        assertThat(first.get("by").asText()).isEqualTo("demo");
        assertThat(first.get("reason").asText()).contains("deliberately bad model");
        assertThat(first.get("effective_ts").asLong()).isPositive();
        assertThat(s.has("seconds_activation_to_rollback")).isTrue();
        // the rollback guard rolls the bad model back on its own, within five event minutes of
        // its activation, to the good model
        JsonNode rollback = s.get("model_changes").get(1);
        assertThat(rollback).as("model_changes: %s", s.get("model_changes")).isNotNull();
        assertThat(rollback.get("action").asText()).isEqualTo("rollback");
        assertThat(rollback.get("version").asText()).isEqualTo(good);
        assertThat(rollback.get("by").asText()).isEqualTo("auto-rollback");
        assertThat(rollback.get("reason").asText()).contains("IVR");
        long activationTs = first.get("effective_ts").asLong();
        assertThat(rollback.get("effective_ts").asLong())
                .isGreaterThan(activationTs)
                .isLessThanOrEqualTo(activationTs + Duration.ofMinutes(5).toMillis());
        assertThat(s.get("seconds_activation_to_rollback").isNumber()).isTrue();
        // the decisions after the rollback carry the good model again
        assertThat(s.get("event_minutes_activation_to_rollback").isNumber())
                .as("the good model scored clicks after the bad model's last")
                .isTrue();
        String finalTable = out.toString().substring(out.toString().indexOf("final figures"));
        assertThat(finalTable.lines().filter(l -> l.startsWith("combined")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).endsWith(good));
        // the decisions carry the bad model from its effective time: it scored live clicks, and
        // the good model scored the ones before
        assertThat(s.get("scored_by_version").get(bad).asLong()).isPositive();
        assertThat(s.get("scored_by_version").get(good).asLong()).isPositive();
        assertThat(out.toString()).contains(bad);
        // the registry keeps the bad model in its history, never as the stable one afterwards
        ModelRegistry registry =
                ModelRegistry.open(registryDir)
                        .withTrust(BundleTrust.of(List.of()).allowingUnsigned(true));
        assertThat(registry.stableVersion()).contains(good);
        assertThat(registry.history())
                .anySatisfy(
                        h -> {
                            assertThat(h.action()).isEqualTo(RegistryState.Action.PROMOTE);
                            assertThat(h.version()).isEqualTo(bad);
                            assertThat(h.detail()).contains("by demo");
                        });
    }

    @ParameterizedTest(name = "--bad-model-at {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-1 | --bad-model-at must be a minute of the live traffic, in [0, 2), was -1",
                "2 | --bad-model-at must be a minute of the live traffic, in [0, 2), was 2",
                "7.5 | --bad-model-at must be a minute of the live traffic, in [0, 2), was 7.5",
                "NaN | --bad-model-at must be a minute of the live traffic",
                "Infinity | --bad-model-at must be a minute of the live traffic",
                "abc | Invalid value for option '--bad-model-at': 'abc' is not a double",
                "'' | Invalid value for option '--bad-model-at'",
            })
    void refusesABadModelMinuteOutsideTheLiveTraffic(String value, String message) {
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("demo", "--minutes", "2", "--bad-model-at", value);
        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("Exception");
        assertThat(err.toString().lines().filter(l -> !l.isBlank()).findFirst()).isPresent();
    }

    @Test
    void refusesABadModelMinuteWithoutAValue() {
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("demo", "--bad-model-at");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("Missing required parameter for option '--bad-model-at'");
    }
}
