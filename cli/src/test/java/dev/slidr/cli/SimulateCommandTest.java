package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slidr simulate} end to end: exit codes, files, messages. */
class SimulateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SMALL =
            "{\"humans.users\": 2000, \"gateways.count\": 2, \"botnet.hosts\": 100,"
                    + " \"click_farm.accounts_per_farm\": 10, \"stolen.accounts\": 20,"
                    + " \"low_and_slow.bots\": 50, \"crawler.clicks_per_minute\": 1}";

    @TempDir Path tmp;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private Path smallConfig() throws IOException {
        return Files.writeString(tmp.resolve("small.json"), SMALL);
    }

    @Test
    void simulatesOneDayWithEveryKindAndWritesAllFiles() throws IOException {
        Path out = tmp.resolve("day");
        Path summary = tmp.resolve("summary.json");
        CommandRun r =
                run(
                        "simulate",
                        "--days",
                        "1",
                        "--seed",
                        "11",
                        "--out",
                        out.toString(),
                        "--summary",
                        summary.toString(),
                        "--quiet");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        for (String file :
                List.of(
                        "clicks.jsonl",
                        "conversions.jsonl",
                        "truth.csv",
                        "rfm.csv",
                        "summary.json")) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        JsonNode written = JSON.readTree(summary.toFile());
        long clicks = written.get("clicks").asLong();
        assertThat(clicks).isGreaterThan(250_000);
        assertThat(written.get("clicks_per_second").asLong()).isPositive();
        List<String> kinds = new ArrayList<>();
        written.get("kinds")
                .fields()
                .forEachRemaining(
                        e -> {
                            assertThat(e.getValue().get("clicks").asLong())
                                    .as(e.getKey())
                                    .isPositive();
                            kinds.add(e.getKey());
                        });
        assertThat(kinds)
                .containsExactly(
                        "human",
                        "human_gateway",
                        "crawler",
                        "botnet",
                        "botnet_rotating",
                        "click_farm",
                        "stolen_account",
                        "low_and_slow");
        assertThat(r.out()).contains("clicks " + String.format("%,d", clicks), "click_farm");
        assertThat(r.out()).contains("clicks/s");
        // the deterministic summary in --out has no timings
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).has("wall_seconds"))
                .isFalse();
    }

    @Test
    void writesGzippedFilesFromAConfigFile() throws IOException {
        Path out = tmp.resolve("gz");
        CommandRun r =
                run(
                        "simulate",
                        "--days",
                        "2",
                        "--config",
                        smallConfig().toString(),
                        "--gzip",
                        "--out",
                        out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("clicks.jsonl.gz")).isNotEmptyFile();
        assertThat(out.resolve("truth.csv.gz")).isNotEmptyFile();
        assertThat(out.resolve("clicks.jsonl")).doesNotExist();
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).get("days").asInt())
                .isEqualTo(2);
    }

    @Test
    void rejectsNonPositiveDays() {
        CommandRun r = run("simulate", "--days", "-1", "--out", tmp.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--days must be in [1, 3660], was -1").doesNotContain("\tat ");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void rejectsAnOutputDirectoryWithoutParent() {
        CommandRun r = run("simulate", "--out", tmp.resolve("no/such/dir").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("parent directory").contains("does not exist");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void rejectsAnOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        CommandRun r = run("simulate", "--out", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not a directory");
    }

    @Test
    void rejectsAnUnwritableOutputDirectory() {
        // /proc refuses new entries even to root, unlike a chmod-ed directory
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")));
        CommandRun r =
                run("simulate", "--days", "1", "--out", proc.resolve("slidr-sim").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot create the directory").doesNotContain("\tat ");
        CommandRun existing = run("simulate", "--days", "1", "--out", proc.toString());
        assertThat(existing.exitCode()).isEqualTo(2);
        assertThat(existing.err()).contains("is not writable");
    }

    @Test
    void rejectsMalformedConfigJson() throws IOException {
        Path config = Files.writeString(tmp.resolve("bad.json"), "{\"humans.users\": ");
        CommandRun r =
                run(
                        "simulate",
                        "--config",
                        config.toString(),
                        "--out",
                        tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.json").contains("not valid JSON");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void rejectsUnknownConfigKeys() throws IOException {
        Path config = Files.writeString(tmp.resolve("typo.json"), "{\"botnet.host\": 10}");
        CommandRun r =
                run(
                        "simulate",
                        "--config",
                        config.toString(),
                        "--out",
                        tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown config key 'botnet.host'").contains("botnet.hosts");
    }

    @Test
    void rejectsOutOfRangeConfigValuesAndMissingConfigFiles() throws IOException {
        Path config =
                Files.writeString(tmp.resolve("range.json"), "{\"humans.logged_in_share\": 2}");
        CommandRun r =
                run(
                        "simulate",
                        "--config",
                        config.toString(),
                        "--out",
                        tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'humans.logged_in_share' must be a number in [0.0, 1.0]");
        CommandRun missing =
                run(
                        "simulate",
                        "--config",
                        tmp.resolve("none.json").toString(),
                        "--out",
                        tmp.resolve("o").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void rejectsRateWithoutBrokerAndMalformedBootstrap() {
        CommandRun r = run("simulate", "--rate", "100", "--out", tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--rate paces Kafka output; it needs --bootstrap");
        CommandRun b =
                run("simulate", "--bootstrap", "nohostport", "--out", tmp.resolve("o").toString());
        assertThat(b.exitCode()).isEqualTo(2);
        assertThat(b.err()).contains("--bootstrap must be HOST:PORT");
    }

    @Test
    void rejectsUnknownOptionsAndBadValueTypes() {
        CommandRun r = run("simulate", "--dayz", "1", "--out", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option").contains("'--dayz'");
        CommandRun start = run("simulate", "--start", "June", "--out", tmp.toString());
        assertThat(start.exitCode()).isEqualTo(2);
        assertThat(start.err()).contains("--start").doesNotContain("\tat ");
        CommandRun missingOut = run("simulate", "--days", "1");
        assertThat(missingOut.exitCode()).isEqualTo(2);
        assertThat(missingOut.err()).contains("--out");
    }

    @Test
    void listsSimulateInTheTopLevelHelp() {
        CommandRun r = run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("simulate");
    }

    @Test
    void rejectsDaysThatTrainWouldReject() {
        CommandRun r =
                run(
                        "simulate",
                        "--start",
                        "2099-12-31",
                        "--days",
                        "1",
                        "--out",
                        tmp.resolve("late").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith(
                        "simulate: error: --start 2099-12-31 --days 1: the simulated days"
                                + " 2099-12-31 .. 2099-12-31 must lie in [2000-01-01T00:00:00Z,"
                                + " 2099-12-01T00:00:00Z)");
    }

    @Test
    void simulatesTheMobileAppProfile() throws IOException {
        Path out = tmp.resolve("mob");
        CommandRun r =
                run(
                        "simulate",
                        "--profile",
                        "mobile-app",
                        "--days",
                        "1",
                        "--seed",
                        "7",
                        "--out",
                        out.toString(),
                        "--quiet");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        long clicks = summary.get("clicks").asLong();
        long conversions = summary.get("conversions").asLong();
        assertThat((double) conversions / clicks).isBetween(0.0015, 0.0025);
        assertThat(summary.get("customers").asLong()).isZero();
        assertThat(Files.readAllLines(out.resolve("rfm.csv"))).hasSize(1);
        assertThat(Files.lines(out.resolve("clicks.jsonl")).limit(1000))
                .allSatisfy(line -> assertThat(line).contains("\"logged_in\":false"));
    }

    @Test
    void rejectsAnUnknownProfileInOneLine() {
        for (String name : List.of("desktop", "", "mobile-app.json", "../mobile-app")) {
            CommandRun r = run("simulate", "--profile", name, "--out", tmp.resolve("o").toString());
            assertThat(r.exitCode()).as(name).isEqualTo(2);
            // the error line, then the project's usual pointer to --help
            assertThat(r.err().lines())
                    .as(name)
                    .containsExactly(
                            "simulate: error: --profile unknown profile '"
                                    + name
                                    + "'; known profiles: mobile-app",
                            "Run 'slidr simulate --help' for the options.");
            assertThat(tmp.resolve("o")).doesNotExist();
        }
    }

    @Test
    void rejectsAProfileTogetherWithAConfigFileInOneLine() throws IOException {
        CommandRun r =
                run(
                        "simulate",
                        "--profile",
                        "mobile-app",
                        "--config",
                        smallConfig().toString(),
                        "--out",
                        tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(2);
        assertThat(r.err().lines().findFirst().orElseThrow())
                .startsWith(
                        "simulate: error: --profile and --config both set the simulator config");
    }

    @Test
    void rejectsAProfileOptionWithoutAName() {
        CommandRun r = run("simulate", "--out", tmp.resolve("o").toString(), "--profile");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--profile").doesNotContain("\tat ");
    }

    @Test
    void helpDescribesTheProfileWithoutFormattingWarnings() {
        // picocli reports a description it cannot format on System.err, not the command's err
        PrintStream systemErr = System.err;
        ByteArrayOutputStream tracer = new ByteArrayOutputStream();
        CommandRun r;
        try {
            System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
            r = run("simulate", "--help");
        } finally {
            System.setErr(systemErr);
        }
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--profile=NAME", "mobile-app", "0.2% of clicks");
        assertThat(tracer.toString(StandardCharsets.UTF_8)).doesNotContain("Could not format");
    }
}
