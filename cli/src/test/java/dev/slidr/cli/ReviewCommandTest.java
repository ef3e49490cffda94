package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Decisions;
import dev.slidr.feature.FeatureSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code slidr review}: every bad option exits 2 with one line before anything is read; a good run
 * prints the queue and writes its files; an empty window is not an error.
 */
class ReviewCommandTest {

    private static final long T0 = 1_772_442_000_000L;

    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir Path tmp;
    private Path decisions;
    private Path clicks;
    private Path config;

    @BeforeEach
    void files() throws IOException {
        List<String> clickLines = new ArrayList<>();
        List<String> decisionLines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "c" + i;
            clickLines.add(
                    new String(
                            ContractJson.write(
                                    new Click(
                                            id,
                                            T0,
                                            "user-" + (i % 2),
                                            "session-" + i,
                                            "10.0.0." + i,
                                            "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0",
                                            Device.DESKTOP,
                                            true,
                                            "ad-1",
                                            "adv-1",
                                            "search-top")),
                            StandardCharsets.UTF_8));
            double score = 0.2 * (i + 1);
            decisionLines.add(
                    new String(
                            ContractJson.write(
                                    Decisions.scored(
                                            id,
                                            T0,
                                            score,
                                            FeatureSchema.CURRENT.version(),
                                            new float[FeatureSchema.CURRENT.size()],
                                            0)),
                            StandardCharsets.UTF_8));
        }
        decisionLines.add("{broken");
        clicks = Files.write(tmp.resolve("clicks.jsonl"), clickLines);
        decisions = Files.write(tmp.resolve("decisions.jsonl"), decisionLines);
        config =
                Files.writeString(
                        tmp.resolve("slidr.yaml"), "slidr.privacy.hmac.secret: " + SECRET + "\n");
    }

    @Test
    void printsTheQueueAndWritesJsonAndHtml() throws IOException {
        Path json = tmp.resolve("out/queue.json");
        Path html = tmp.resolve("out/queue.html");
        Files.createDirectories(json.getParent());
        CommandRun r =
                CommandRun.of(
                        "review",
                        "--decisions",
                        decisions.toString(),
                        "--clicks",
                        clicks.toString(),
                        "--config",
                        config.toString(),
                        "--top",
                        "1",
                        "--json",
                        json.toString(),
                        "--html",
                        html.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("4 decisions (4 scored), 4 joined")
                .contains("1 dead letters")
                .contains("users: top 1 of 2")
                .contains("u.k1.");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        // user-1 holds c1 (0.4) and c3 (0.8): 1.2 against user-0's 0.2 + 0.6
        JsonNode first = root.get("users").get("top").get(0);
        assertThat(first.get("expected_invalid").asDouble()).isEqualTo(1.2, within());
        assertThat(first.get("clicks_shown").get(0).get("click_id").asText()).isEqualTo("c3");
        assertThat(root.get("dead_letters").get("count").asLong()).isEqualTo(1);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("u.k1.");
    }

    @Test
    void aGlobReadsTheClickFilesItMatches() {
        CommandRun r =
                CommandRun.of(
                        "review",
                        "--decisions",
                        decisions.toString(),
                        "--clicks",
                        tmp.resolve("click*.jsonl").toString(),
                        "--config",
                        config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 joined");
    }

    @Test
    void anEmptyWindowSaysSoAndExitsZero() throws IOException {
        Files.writeString(decisions, "");
        CommandRun r = run("--config", config.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("empty window");
    }

    @Test
    void theSecretMayComeFromTheEnvironment() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ReviewCommand(Map.of("SLIDR_HMAC_KEY", SECRET)));
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--decisions", decisions.toString(), "--clicks", clicks.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("u.k1.");
    }

    @Test
    void noSecretAnywhereIsABadOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReviewCommand(Map.of()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--decisions", decisions.toString(), "--clicks", clicks.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("SLIDR_HMAC_KEY");
    }

    @Test
    void everyBadOptionExitsTwoWithOneLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty-dir"));
        Path badMapping = Files.writeString(tmp.resolve("mapping.json"), "{not a mapping");
        Path badConfig = Files.writeString(tmp.resolve("bad.yaml"), "slidr.privacy.hmac.secret: [");
        Path shortKey =
                Files.writeString(
                        tmp.resolve("short.yaml"), "slidr.privacy.hmac.secret: c2hvcnQ=\n");
        String c = config.toString();
        assertBad(
                "not a readable file",
                "--decisions",
                tmp.resolve("none").toString(),
                "--clicks",
                clicks.toString(),
                "--config",
                c);
        assertBad(
                "--decisions",
                "--decisions",
                dir.toString(),
                "--clicks",
                clicks.toString(),
                "--config",
                c);
        assertBad(
                "--clicks",
                "--decisions",
                decisions.toString(),
                "--clicks",
                tmp.resolve("none").toString(),
                "--config",
                c);
        assertBad(
                "is a directory without",
                "--decisions",
                decisions.toString(),
                "--clicks",
                dir.toString(),
                "--config",
                c);
        assertBad("--mapping", "--mapping", badMapping.toString());
        assertBad("--mapping", "--mapping", tmp.resolve("none.json").toString());
        assertBad(
                "--config",
                "--decisions",
                decisions.toString(),
                "--clicks",
                clicks.toString(),
                "--config",
                badConfig.toString());
        assertBad(
                "--config",
                "--decisions",
                decisions.toString(),
                "--clicks",
                clicks.toString(),
                "--config",
                tmp.resolve("none.yaml").toString());
        assertBad(
                "bytes",
                "--decisions",
                decisions.toString(),
                "--clicks",
                clicks.toString(),
                "--config",
                shortKey.toString());
        assertBad("--top", "--top", "ten");
        assertBad("top must be 1", "--top", "0");
        assertBad("top must be 1", "--top", "-3");
        assertBad("--top", "--top", "99999999999999999999");
        assertBad("clicks shown", "--clicks-shown", "1000");
        assertBad("--clicks-shown", "--clicks-shown", "x");
        assertBad("features shown", "--features-shown", "-1");
        assertBad("--json", "--json", tmp.resolve("no/such/dir/q.json").toString());
        assertBad("--html", "--html", tmp.resolve("no/such/dir/q.html").toString());
        Path same = tmp.resolve("same.out");
        assertBad("same file", "--json", same.toString(), "--html", same.toString());
        assertBad(
                "matches no file",
                "--decisions",
                decisions.toString(),
                "--clicks",
                tmp.resolve("nothing-*.jsonl").toString(),
                "--config",
                c);
        assertBad("Missing required option", "--clicks", clicks.toString());
        assertBad("Unknown option", "--bootstrap-servers", "localhost:9092");
    }

    @Test
    void aWindowOnAFileKeepsTheDecisionsOfItsClicksOnly() {
        java.time.Instant t0 = java.time.Instant.ofEpochMilli(T0);
        CommandRun inside =
                run(
                        "--config",
                        config.toString(),
                        "--from",
                        t0.toString(),
                        "--to",
                        t0.plusSeconds(1).toString());
        assertThat(inside.exitCode()).as(inside.err()).isZero();
        assertThat(inside.out()).contains("4 decisions (4 scored), 4 joined");

        CommandRun after =
                run(
                        "--config",
                        config.toString(),
                        "--from",
                        t0.plusMillis(1).toString(),
                        "--to",
                        t0.plusSeconds(60).toString());
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.out())
                .contains("0 decisions")
                .contains("4 decisions of clicks outside the window left out")
                .contains("empty window");
    }

    @Test
    void badDecisionSourcesAndWindowsExitTwoWithOneLine() throws IOException {
        Path kafkaConfig =
                Files.writeString(
                        tmp.resolve("kafka.yaml"),
                        "slidr.privacy.hmac.secret: "
                                + SECRET
                                + "\nslidr.kafka.bootstrap-servers: 127.0.0.1:9\n");
        String k = kafkaConfig.toString();
        assertBad(
                "two decision sources",
                "--decisions",
                decisions.toString(),
                "--decisions-topic",
                "--from",
                "2026-03-02",
                "--to",
                "2026-03-03");
        assertBad("needs the window", "--decisions-topic", "--config", k);
        assertBad(
                "--from and --to come together",
                "--decisions-topic",
                "--config",
                k,
                "--from",
                "2026-03-02");
        assertBad(
                "--from and --to come together",
                "--decisions",
                decisions.toString(),
                "--to",
                "2026-03-02");
        assertBad(
                "must be before --to",
                "--decisions-topic",
                "--config",
                k,
                "--from",
                "2026-03-02T10:00:00Z",
                "--to",
                "2026-03-02T10:00:00Z");
        assertBad(
                "must be before --to",
                "--decisions",
                decisions.toString(),
                "--from",
                "2026-03-03",
                "--to",
                "2026-03-02");
        assertBad(
                "--from 'yesterday' is neither",
                "--decisions-topic",
                "--config",
                k,
                "--from",
                "yesterday",
                "--to",
                "2026-03-02");
        assertBad(
                "--to",
                "--decisions-topic",
                "--config",
                k,
                "--from",
                "2026-03-02",
                "--to",
                "9".repeat(5000));
        assertBad(
                "--to +1000000000-01-01T00:00:00Z is outside",
                "--decisions",
                decisions.toString(),
                "--from",
                "2026-03-02",
                "--to",
                "+1000000000-01-01T00:00:00Z");
        assertBad(
                "--from -0001-01-01T00:00:00Z is outside",
                "--decisions-topic",
                "--config",
                k,
                "--from",
                "-0001-01-01T00:00:00Z",
                "--to",
                "2026-03-02");
        // settings without a broker: the topic cannot be read
        assertBad("--config", "--decisions-topic", "--from", "2026-03-02", "--to", "2026-03-03");
        // --no-corrections only says something about the topics
        assertBad(
                "--no-corrections is for --decisions-topic",
                "--decisions",
                decisions.toString(),
                "--no-corrections");
        // a corrections topic no broker could hold, however the settings spell it
        for (String name : new String[] {"''", "'bad name'", "'..'", "x".repeat(250), "'a/b'"}) {
            Path badTopic =
                    Files.writeString(
                            tmp.resolve("topic.yaml"),
                            "slidr.privacy.hmac.secret: "
                                    + SECRET
                                    + "\nslidr.kafka.bootstrap-servers: 127.0.0.1:9"
                                    + "\nslidr.kafka.topics.corrections: "
                                    + name
                                    + "\n");
            assertBad(
                    "slidr.kafka.topics.corrections",
                    "--decisions-topic",
                    "--config",
                    badTopic.toString(),
                    "--from",
                    "2026-03-02",
                    "--to",
                    "2026-03-03");
        }
    }

    @Test
    void theTopicWithoutSettingsIsABadOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReviewCommand(Map.of("SLIDR_HMAC_KEY", SECRET)));
        cli.setErr(new PrintWriter(err));
        int code =
                cli.execute(
                        "--decisions-topic",
                        "--from",
                        "2026-03-02",
                        "--to",
                        "2026-03-03",
                        "--clicks",
                        clicks.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--decisions-topic needs --config FILE");
    }

    @Test
    void aBrokerThatDoesNotAnswerEndsTheRunInOneLine() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path silent =
                Files.writeString(
                        tmp.resolve("silent.yaml"),
                        "slidr.privacy.hmac.secret: "
                                + SECRET
                                + "\nslidr.kafka.bootstrap-servers: 127.0.0.1:"
                                + port
                                + "\nslidr.kafka.properties.default.api.timeout.ms: 1500\n");
        CommandRun r =
                CommandRun.of(
                        "review",
                        "--decisions-topic",
                        "--from",
                        "2026-03-02",
                        "--to",
                        "2026-03-03",
                        "--clicks",
                        clicks.toString(),
                        "--config",
                        silent.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines())
                .singleElement()
                .asString()
                .contains("review: failed: no Kafka broker answered at 127.0.0.1:" + port)
                .contains("default.api.timeout.ms");
        assertThat(r.out()).isEmpty();
    }

    private void assertBad(String expected, String... options) {
        List<String> args = new ArrayList<>(List.of("review"));
        List<String> given = List.of(options);
        if (!given.contains("--decisions")
                && !given.contains("--decisions-topic")
                && !expected.equals("Missing required option")) {
            args.addAll(List.of("--decisions", decisions.toString()));
        }
        if (!given.contains("--clicks")) {
            args.addAll(List.of("--clicks", clicks.toString()));
        }
        if (!given.contains("--config")) {
            args.addAll(List.of("--config", config.toString()));
        }
        args.addAll(given);
        CommandRun r = CommandRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(String.join(" ", options) + ": " + r.err()).isEqualTo(2);
        String firstLine = r.err().lines().findFirst().orElse("");
        assertThat(firstLine).as(r.err()).contains("review: error:").contains(expected);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    private CommandRun run(String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "review",
                                "--decisions",
                                decisions.toString(),
                                "--clicks",
                                clicks.toString()));
        args.addAll(List.of(options));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
