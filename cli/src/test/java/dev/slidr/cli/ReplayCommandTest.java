package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Decision;
import dev.slidr.replay.Baseline;
import dev.slidr.replay.ReplayRequest;
import dev.slidr.replay.ReplayResult;
import dev.slidr.replay.ReplaySource;
import dev.slidr.replay.report.DecisionPair;
import dev.slidr.replay.report.DiffReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code slidr replay}: every bad option exits 2 with one line before anything is read, good ones
 * become the replay request, and a finished replay is printed and summarized.
 */
class ReplayCommandTest {

    private static final String FROM = "2026-03-02T09:00:00Z";
    private static final String TO = "2026-03-02T12:00:00Z";
    private static final String MAPPING =
            "{\"version\": 1, \"csv\": {\"delimiter\": \",\", \"header\": true}, \"fields\": {"
                    + "\"click_id\": {\"column\": \"id\"},"
                    + " \"ts\": {\"column\": \"t\", \"format\": \"iso_8601\", \"zone\": \"UTC\"},"
                    + " \"user_id\": {\"column\": \"u\"}, \"session_id\": {\"column\": \"s\"},"
                    + " \"ip\": {\"column\": \"ip\"}, \"user_agent\": {\"column\": \"ua\"},"
                    + " \"device\": {\"column\": \"d\"}, \"logged_in\": {\"column\": \"l\"},"
                    + " \"ad_id\": {\"column\": \"ad\"}, \"advertiser_id\": {\"column\": \"adv\"},"
                    + " \"placement\": {\"constant\": \"unknown\"}}}";

    @TempDir Path tmp;
    private Path clicks;
    private Path registry;
    private Path config;

    @BeforeEach
    void files() throws IOException {
        clicks = Files.writeString(tmp.resolve("clicks.jsonl"), "");
        config = Files.writeString(tmp.resolve("slidr.yaml"), "slidr.features.time-zone: UTC\n");
        registry = Files.createDirectories(tmp.resolve("registry"));
        // two registered versions; the command only checks that a version is registered
        Files.writeString(
                registry.resolve("registry.json"),
                "{\"format_version\": 1, \"revision\": 2, \"stable\": null,"
                        + " \"candidates\": [\"m1\", \"m2\"], \"history\": ["
                        + "{\"ts\": \"2026-03-01T00:00:00Z\", \"action\": \"register\","
                        + " \"version\": \"m1\", \"detail\": \"\"},"
                        + "{\"ts\": \"2026-03-01T01:00:00Z\", \"action\": \"register\","
                        + " \"version\": \"m2\", \"detail\": \"\"}]}");
    }

    /** The window, the model and the files of a replay, then {@code more}. */
    private List<String> args(String... more) {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--from", FROM, "--to", TO, "--registry", registry.toString()));
        args.addAll(List.of("--model", "m1", "--out", tmp.resolve("out").toString()));
        args.addAll(List.of(more));
        return args;
    }

    private List<String> withClicks(String... more) {
        List<String> args = args("--clicks", clicks.toString());
        args.addAll(List.of(more));
        return args;
    }

    private static CommandRun replay(List<String> args) {
        List<String> all = new ArrayList<>();
        all.add("replay");
        all.addAll(args);
        return CommandRun.of(all.toArray(String[]::new));
    }

    /** Exit 2, one error line that says {@code what}, no stack trace. */
    private static void assertBadArgument(CommandRun r, String what) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).startsWith("replay: error: ").contains(what);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("Run 'slidr replay --help' for the options.");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    private static ReplayCommand parsed(List<String> args) {
        ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command;
    }

    @Test
    void helpListsEveryOption() {
        CommandRun r = CommandRun.of("replay", "--help");
        assertThat(r.exitCode()).isZero();
        for (String option :
                List.of(
                        "--from",
                        "--to",
                        "--clicks",
                        "--mapping",
                        "--config",
                        "--registry",
                        "--model",
                        "--allow-candidate",
                        "--baseline",
                        "--decisions",
                        "--decisions-topic",
                        "--warm-up",
                        "--out",
                        "--publish",
                        "--emit",
                        "--replay-id",
                        "--truth",
                        "--summary")) {
            assertThat(r.out()).contains(option);
        }
    }

    @Test
    void aWindowThatDoesNotEndAfterItStartsIsABadArgument() {
        List<String> same = withClicks();
        same.set(same.indexOf(TO), FROM);
        assertBadArgument(replay(same), "--from " + FROM + " must be before --to " + FROM);
        List<String> reversed = withClicks();
        reversed.set(reversed.indexOf(FROM), "2026-03-03");
        assertBadArgument(replay(reversed), "must be before --to");
    }

    @Test
    void unparsableTimesAreBadArguments() {
        List<String> from = withClicks();
        from.set(from.indexOf(FROM), "yesterday");
        assertBadArgument(replay(from), "--from 'yesterday' is neither an ISO-8601 instant");
        List<String> to = withClicks();
        to.set(to.indexOf(TO), "2026-13-45T99:00:00Z");
        assertBadArgument(replay(to), "--to '2026-13-45T99:00:00Z' is neither");
    }

    @Test
    void missingOrEmptyClickInputIsABadArgument() throws IOException {
        assertBadArgument(
                replay(args("--clicks", tmp.resolve("nope.jsonl").toString())),
                "--clicks " + tmp.resolve("nope.jsonl") + " is not a readable file");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertBadArgument(replay(args("--clicks", empty.toString())), "holds no files");
        assertBadArgument(replay(args()), "no clicks: give --clicks FILE|DIR, or --config FILE");
    }

    @Test
    void aMissingOrUnknownMappingIsABadArgument() throws IOException {
        assertBadArgument(
                replay(withClicks("--mapping", tmp.resolve("nope.json").toString())),
                "--mapping " + tmp.resolve("nope.json") + " is not a readable file");
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{\"version\": 99}");
        assertBadArgument(replay(withClicks("--mapping", garbage.toString())), "--mapping ");
        Path mapping = Files.writeString(tmp.resolve("shop.json"), MAPPING);
        assertBadArgument(
                replay(args("--config", config.toString(), "--mapping", mapping.toString())),
                "--mapping describes --clicks CSV files");
    }

    @Test
    void aMissingOrInvalidJobConfigurationIsABadArgument() throws IOException {
        assertBadArgument(
                replay(args("--config", tmp.resolve("nope.yaml").toString())),
                "--config " + tmp.resolve("nope.yaml") + " is not a readable file");
        Path bad =
                Files.writeString(
                        tmp.resolve("bad.yaml"), "slidr.givt.data-centre.ranges: /no/such\n");
        assertBadArgument(replay(args("--config", bad.toString())), "/no/such");
    }

    @Test
    void publishingNeedsTheJobConfiguration() {
        assertBadArgument(
                replay(withClicks("--publish")),
                "--publish needs --config FILE: the corrections topic and its broker");
    }

    @Test
    void twoBaselinesAreABadArgument() throws IOException {
        Path decisions = Files.writeString(tmp.resolve("decisions.jsonl"), "");
        String two = "two baselines: give one of --baseline VERSION, --decisions FILE";
        assertBadArgument(
                replay(withClicks("--baseline", "m2", "--decisions", decisions.toString())), two);
        assertBadArgument(
                replay(
                        withClicks(
                                "--config",
                                config.toString(),
                                "--decisions",
                                decisions.toString(),
                                "--decisions-topic")),
                two);
    }

    @Test
    void aBaselineThatCannotBeReadIsABadArgument() {
        assertBadArgument(
                replay(withClicks("--decisions", tmp.resolve("nope.jsonl").toString())),
                "--decisions " + tmp.resolve("nope.jsonl") + " is not a readable file");
        assertBadArgument(
                replay(withClicks("--decisions-topic")), "--decisions-topic needs --config FILE");
        assertBadArgument(
                replay(withClicks("--baseline", "m1")), "--baseline m1 is the replayed --model");
        assertBadArgument(
                replay(withClicks("--baseline", "m9")), "--baseline m9 is not registered in");
    }

    @Test
    void anUnknownMissingOrHostileModelIsABadArgument() {
        List<String> unknown = withClicks();
        unknown.set(unknown.indexOf("m1"), "m9");
        assertBadArgument(replay(unknown), "--model m9 is not registered in " + registry);
        List<String> hostile = withClicks();
        hostile.set(hostile.indexOf("m1"), "m1\n\u001b[2J" + "x".repeat(10_000));
        CommandRun r = replay(hostile);
        assertBadArgument(r, "is not registered");
        assertThat(r.err()).doesNotContain("\u001b").hasSizeLessThan(1000);
        List<String> missing = withClicks();
        int at = missing.indexOf("--model");
        missing.remove(at + 1);
        missing.remove(at);
        assertBadArgument(replay(missing), "Missing required option: '--model=VERSION'");
    }

    @Test
    void aMissingRegistryIsABadArgument() {
        List<String> args = withClicks();
        args.set(args.indexOf(registry.toString()), tmp.resolve("nowhere").toString());
        assertBadArgument(replay(args), "--registry: no registry at");
    }

    @Test
    void badWarmUpsAreBadArguments() {
        assertBadArgument(
                replay(withClicks("--warm-up", "soon")),
                "--warm-up 'soon' is not a duration such as 24h, 90m, 2d or PT24H");
        assertBadArgument(replay(withClicks("--warm-up", "PT-1H")), "--warm-up PT-1H is negative");
        assertBadArgument(replay(withClicks("--warm-up", "8d")), "--warm-up 8d is longer than 7d");
        assertBadArgument(
                replay(withClicks("--warm-up", "9".repeat(40) + "d")), "is not a duration");
    }

    @Test
    void anUnknownEmitModeIsABadArgument() {
        assertBadArgument(
                replay(withClicks("--emit", "some")), "--emit must be changed or all, was 'some'");
    }

    @Test
    void aHostileOrOversizedReplayIdIsABadArgument() {
        assertBadArgument(
                replay(withClicks("--replay-id", "<script>")),
                "replay id '<script>' must be 1 to 128 letters");
        assertBadArgument(
                replay(withClicks("--replay-id", "r".repeat(129))), "must be 1 to 128 letters");
    }

    @Test
    void unusableOutputLocationsAreBadArguments() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        List<String> out = withClicks();
        out.set(out.indexOf(tmp.resolve("out").toString()), file.toString());
        assertBadArgument(replay(out), "--out " + file + " is a file, not a directory");
        assertBadArgument(
                replay(withClicks("--summary", tmp.resolve("no/dir/s.json").toString())),
                "directory " + tmp.resolve("no/dir") + " does not exist");
        assertBadArgument(
                replay(withClicks("--summary", tmp.toString())),
                "is a directory; it names the JSON file");
        assertBadArgument(
                replay(withClicks("--truth", tmp.resolve("truth.csv").toString())),
                "--truth " + tmp.resolve("truth.csv") + " is not a readable file");
    }

    @Test
    void buildsAFileReplayWithTheDefaults() throws IOException {
        ReplayRequest request = parsed(withClicks()).request();

        assertThat(request.from()).isEqualTo(Instant.parse(FROM));
        assertThat(request.to()).isEqualTo(Instant.parse(TO));
        assertThat(request.warmUp()).isEqualTo(Duration.ofHours(24));
        assertThat(request.source()).isEqualTo(new ReplaySource.Files(List.of(clicks), null));
        assertThat(request.modelVersion()).isEqualTo("m1");
        assertThat(request.allowCandidate()).isFalse();
        assertThat(request.baseline()).isEqualTo(new Baseline.None());
        assertThat(request.publish()).isFalse();
        assertThat(request.emitAll()).isFalse();
        assertThat(request.kafka()).isNull();
        assertThat(request.truth()).isNull();
        // derived from the request, so the same replay gets the same id
        assertThat(request.replayId()).startsWith("replay-");
        assertThat(parsed(withClicks()).request().replayId()).isEqualTo(request.replayId());
    }

    @Test
    void buildsATopicReplayThatPublishes() throws IOException {
        Path truth = Files.writeString(tmp.resolve("truth.csv"), "click_id,is_robot\n");
        ReplayRequest request =
                parsed(
                                args(
                                        "--config",
                                        config.toString(),
                                        "--decisions-topic",
                                        "--publish",
                                        "--emit",
                                        "all",
                                        "--warm-up",
                                        "90m",
                                        "--replay-id",
                                        "incident-42",
                                        "--allow-candidate",
                                        "--truth",
                                        truth.toString()))
                        .request();

        assertThat(request.source()).isInstanceOf(ReplaySource.Topic.class);
        assertThat(request.baseline()).isInstanceOf(Baseline.DecisionsTopic.class);
        assertThat(request.publish()).isTrue();
        assertThat(request.kafka()).isNotNull();
        assertThat(request.emitAll()).isTrue();
        assertThat(request.warmUp()).isEqualTo(Duration.ofMinutes(90));
        assertThat(request.replayId()).isEqualTo("incident-42");
        assertThat(request.allowCandidate()).isTrue();
        assertThat(request.truth()).isEqualTo(truth);
    }

    @Test
    void buildsACsvReplayAgainstAnotherVersionOrAFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("archive"));
        Files.writeString(dir.resolve("day1.csv"), "id,t\n");
        Path mapping = Files.writeString(tmp.resolve("shop.json"), MAPPING);
        ReplayRequest request =
                parsed(
                                args(
                                        "--clicks",
                                        dir.toString(),
                                        "--mapping",
                                        mapping.toString(),
                                        "--baseline",
                                        "m2",
                                        "--warm-up",
                                        "0s"))
                        .request();
        assertThat(request.source()).isInstanceOf(ReplaySource.Files.class);
        assertThat(((ReplaySource.Files) request.source()).mapping()).isNotNull();
        assertThat(request.baseline()).isEqualTo(new Baseline.Version("m2"));
        assertThat(request.warmUp()).isZero();

        Path decisions = Files.writeString(tmp.resolve("decisions.jsonl.gz"), "");
        assertThat(parsed(withClicks("--decisions", decisions.toString())).request().baseline())
                .isEqualTo(new Baseline.DecisionsFile(decisions));
    }

    private record Printed(ReplayCommand command, StringWriter out) {}

    private static Printed printing(List<String> args) {
        ReplayCommand command = new ReplayCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.parseArgs(args.toArray(String[]::new));
        return new Printed(command, out);
    }

    private static Decision decision(String clickId, boolean invalid) {
        return new Decision(
                clickId,
                1L,
                2L,
                invalid,
                invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                invalid ? List.of("score") : List.of(),
                0.5,
                0.4,
                "web/desktop",
                "m1",
                "c1",
                "2",
                new float[0],
                0,
                null);
    }

    @Test
    void aWindowWithoutClicksSaysSoAndExitsZero() throws IOException {
        Path summary = tmp.resolve("summary.json");
        Printed p = printing(withClicks("--summary", summary.toString()));
        ReplayRequest request = p.command().request();
        DiffReport empty = DiffReport.builder(request.replayId(), "none", "m1").build();

        int code =
                p.command()
                        .finish(
                                request,
                                new ReplayResult(
                                        request.replayId(), 0, 0, 0, 0, 0, 0, 0, empty, List.of()));

        assertThat(code).isZero();
        assertThat(p.out().toString())
                .contains("no clicks in [" + FROM + ", " + TO + "): nothing was decided");
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.get("decided").asLong()).isZero();
        assertThat(json.get("report").get("total").get("clicks").asLong()).isZero();
    }

    @Test
    void aFinishedReplayPrintsTheTableAndWritesTheSummary() throws IOException {
        Path summary = tmp.resolve("summary.json");
        Printed p = printing(withClicks("--summary", summary.toString()));
        ReplayRequest request = p.command().request();
        DiffReport report =
                DiffReport.builder(request.replayId(), "none", "m1")
                        .add(new DecisionPair("A", decision("c1", false), decision("c1", true)))
                        .add(new DecisionPair("A", decision("c2", false), decision("c2", false)))
                        .build();
        Path corrections = tmp.resolve("out/corrections.jsonl");

        int code =
                p.command()
                        .finish(
                                request,
                                new ReplayResult(
                                        request.replayId(),
                                        10,
                                        3,
                                        2,
                                        1,
                                        4,
                                        0,
                                        1,
                                        report,
                                        List.of(corrections)));

        assertThat(code).isZero();
        assertThat(p.out().toString())
                .contains(
                        "read 10 clicks, 3 warmed the features, 2 decided, 1 repeated click ids"
                                + " (not decided again), 4 outside the warm-up and window, 0 dead"
                                + " letters, 1")
                .contains("billable clicks -1")
                .contains("wrote " + corrections);
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.get("replay_id").asText()).isEqualTo(request.replayId());
        assertThat(json.get("warmed").asLong()).isEqualTo(3);
        assertThat(json.get("repeated_click_ids").asLong()).isEqualTo(1);
        assertThat(json.get("outside_window").asLong()).isEqualTo(4);
        assertThat(json.get("corrections").asLong()).isEqualTo(1);
        assertThat(json.get("files").get(0).asText()).isEqualTo(corrections.toString());
        assertThat(json.get("report").get("total").get("flipped_to_invalid").asLong()).isEqualTo(1);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
        }
    }
}
