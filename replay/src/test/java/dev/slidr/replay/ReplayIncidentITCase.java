package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Device;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.replay.report.AdvertiserDiff;
import dev.slidr.replay.report.DiffReport;
import dev.slidr.rules.slice.Slicing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A constructed incident: model m2 flags one slice wholesale, was stable for an hour and rolled
 * back to m1. Replaying the window through m1 against the live (m2) decisions corrects exactly the
 * flipped clicks, and the billable clicks per advertiser match a hand count.
 */
class ReplayIncidentITCase {

    private static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));
    private static final Duration WARM_UP = Duration.ofHours(2);
    private static final String[] ADVERTISERS = {"adv-a", "adv-b", "adv-c"};
    private static final Device[] DEVICES = {Device.DESKTOP, Device.MOBILE, Device.APP};
    private static final String FLAGGED =
            Slicing.DEVICE_AND_LOGIN.sliceOf(Device.MOBILE, false).name();

    @TempDir Path tmp;

    private ModelRegistry registry;
    private Path clicksFile;
    private final List<Click> clicks = new ArrayList<>();

    @BeforeEach
    void incident() throws Exception {
        registry = TestingRegistry.open(tmp.resolve("registry"));
        TestingRegistry.register(registry, "m1", Map.of(), TestingRegistry.NEVER);
        registry.promote("m1");
        TestingRegistry.register(registry, "m2", Map.of(FLAGGED, 0.0), TestingRegistry.NEVER);
        registry.promote("m2");
        registry.rollback();
        TestingRegistry.register(registry, "m3", Map.of(), TestingRegistry.NEVER);

        // 10 clicks before the warm-up, 60 in it, 240 in the window, 20 after it
        addClicks(FROM.minus(Duration.ofHours(3)), 10, Duration.ofMinutes(5));
        addClicks(FROM.minus(WARM_UP), 60, Duration.ofMinutes(2));
        addClicks(FROM, 240, Duration.ofSeconds(15));
        addClicks(TO, 20, Duration.ofMinutes(1));
        clicksFile = tmp.resolve("clicks.jsonl");
        List<String> lines = new ArrayList<>();
        for (Click c : clicks) {
            lines.add(new String(ContractJson.write(c), StandardCharsets.UTF_8));
        }
        // a click of the warm-up and one of the window sent twice: held back, never decided
        lines.add(41, lines.get(40));
        lines.add(151, lines.get(150));
        lines.add(120, "{\"click_id\": \"broken\", \"ts\": \"yesterday\"}");
        // a readable time in the window and a bad address: the job's parse rejects it
        lines.add(
                200,
                new String(ContractJson.write(clicks.get(198)), StandardCharsets.UTF_8)
                        .replace("\"ip\":\"", "\"ip\":\"999.")
                        .replace(clicks.get(198).clickId(), "bad-ip"));
        Files.write(clicksFile, lines, StandardCharsets.UTF_8);
    }

    private void addClicks(Instant start, int count, Duration step) {
        for (int i = 0; i < count; i++) {
            int n = clicks.size();
            Clicks.Builder b =
                    Clicks.builder(
                                    "u-" + n,
                                    "198.51.100." + (1 + n % 200),
                                    start.plus(step.multipliedBy(i)))
                            .clickId("click-" + n)
                            .device(DEVICES[n % DEVICES.length])
                            .advertiser(ADVERTISERS[(n / 2) % ADVERTISERS.length])
                            .ad("ad-" + (n % 7));
            if (n % 2 == 1) {
                b.anonymous();
            }
            clicks.add(b.build());
        }
    }

    private ReplayRequest.Builder request(String model, Baseline baseline, Path out) {
        return ReplayRequest.builder()
                .from(FROM)
                .to(TO)
                .warmUp(WARM_UP)
                .source(new ReplaySource.Files(List.of(clicksFile), null))
                .registry(registry)
                .modelVersion(model)
                .baseline(baseline)
                .out(out);
    }

    private static List<Decision> read(Path file) throws IOException {
        List<Decision> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(ContractJson.readDecision(line.getBytes(StandardCharsets.UTF_8)).value());
        }
        return out;
    }

    /** The live decisions: every window decision of m2, as the job wrote them (revision 0). */
    private Path liveDecisions() throws Exception {
        ReplayResult live =
                new ReplayRun(ReplayListener.SILENT)
                        .run(
                                request("m2", new Baseline.None(), tmp.resolve("live"))
                                        .emitAll(true)
                                        .build());
        List<String> lines = new ArrayList<>();
        for (Decision d : read(tmp.resolve("live").resolve("corrections.jsonl"))) {
            lines.add(
                    new String(
                            ContractJson.write(d.withRevision(0, null)), StandardCharsets.UTF_8));
        }
        assertThat(lines).hasSize((int) live.decided());
        Path file = tmp.resolve("live-decisions.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private List<Click> windowClicks() {
        return clicks.stream()
                .filter(c -> c.ts() >= FROM.toEpochMilli() && c.ts() < TO.toEpochMilli())
                .toList();
    }

    @Test
    void theReplayWithThePreviousStableModelCorrectsExactlyTheFlippedClicks() throws Exception {
        Path live = liveDecisions();

        ReplayResult result =
                new ReplayRun(ReplayListener.SILENT)
                        .run(
                                request("m1", new Baseline.DecisionsFile(live), tmp.resolve("out"))
                                        .build());

        List<Click> window = windowClicks();
        Set<String> flagged =
                window.stream()
                        .filter(c -> Slicing.DEVICE_AND_LOGIN.sliceOf(c).name().equals(FLAGGED))
                        .map(Click::clickId)
                        .collect(Collectors.toSet());
        assertThat(flagged).isNotEmpty();
        List<Decision> corrections = read(tmp.resolve("out").resolve("corrections.jsonl"));
        assertThat(corrections)
                .extracting(Decision::clickId)
                .containsExactlyInAnyOrderElementsOf(flagged);
        assertThat(corrections)
                .allSatisfy(
                        d -> {
                            assertThat(d.invalid()).isFalse();
                            assertThat(d.revision()).isEqualTo(1);
                            assertThat(d.replayId()).isEqualTo(result.replayId());
                            assertThat(d.modelVersion()).isEqualTo("m1");
                        });
        assertThat(result.decided()).isEqualTo(window.size());
        assertThat(result.warmed()).isEqualTo(60);
        assertThat(result.repeated()).isEqualTo(2);
        assertThat(result.outside()).isEqualTo(30);
        assertThat(result.read()).isEqualTo(clicks.size() + 4);
        assertThat(result.deadLetters()).isEqualTo(2);
        // every row of the file is one of these
        assertThat(
                        result.decided()
                                + result.warmed()
                                + result.repeated()
                                + result.outside()
                                + result.deadLetters())
                .isEqualTo(result.read());
        // each names its file and line, whether reading the files or the job's parse rejected it
        assertThat(Files.readAllLines(tmp.resolve("out").resolve("dead-letters.jsonl")))
                .map(line -> ContractJson.readDeadLetter(line.getBytes(StandardCharsets.UTF_8)))
                .map(letter -> ((Parsed.Ok<DeadLetter>) letter).value())
                .extracting(DeadLetter::sourceTopic, DeadLetter::sourceOffset)
                .containsExactlyInAnyOrder(
                        tuple("replay-files:" + clicksFile, 121L),
                        tuple("replay-files:" + clicksFile, 201L));
        assertThat(result.corrections()).isEqualTo(flagged.size());

        DiffReport report = result.report();
        assertThat(report.flippedToValid()).isEqualTo(flagged.size());
        assertThat(report.flippedToInvalid()).isZero();
        assertThat(report.billableChange()).isEqualTo(flagged.size());
        Map<String, Long> handCount = new TreeMap<>();
        for (Click c : window) {
            if (flagged.contains(c.clickId())) {
                handCount.merge(c.advertiserId(), 1L, Long::sum);
            }
        }
        Map<String, Long> reported = new HashMap<>();
        for (AdvertiserDiff a : report.advertisers()) {
            reported.put(a.advertiserId(), a.counts().billableChange());
        }
        assertThat(reported).containsAllEntriesOf(handCount);
        assertThat(reported.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(flagged.size());
        assertThat(Files.readString(tmp.resolve("out").resolve("summary.json")))
                .contains("\"repeated_click_ids\" : 2");
        assertThat(tmp.resolve("out").resolve("report.html")).exists();
    }

    @Test
    void theSameReplayTwiceWritesTheSameCorrections() throws Exception {
        Path live = liveDecisions();
        ReplayRequest once =
                request("m1", new Baseline.DecisionsFile(live), tmp.resolve("once")).build();
        ReplayRequest twice =
                request("m1", new Baseline.DecisionsFile(live), tmp.resolve("twice"))
                        .replayId(once.replayId())
                        .build();

        new ReplayRun(ReplayListener.SILENT).run(once);
        new ReplayRun(ReplayListener.SILENT).run(twice);

        assertThat(Files.readAllBytes(tmp.resolve("twice").resolve("corrections.jsonl")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("once").resolve("corrections.jsonl")));
    }

    @Test
    void aBaselineVersionIsReplayedToo() throws Exception {
        ReplayResult result =
                new ReplayRun(ReplayListener.SILENT)
                        .run(request("m1", new Baseline.Version("m2"), tmp.resolve("out")).build());

        long flagged =
                windowClicks().stream()
                        .filter(c -> Slicing.DEVICE_AND_LOGIN.sliceOf(c).name().equals(FLAGGED))
                        .count();
        assertThat(result.report().flippedToValid()).isEqualTo(flagged);
        assertThat(result.corrections()).isEqualTo(flagged);
    }

    @Test
    void aWindowWithoutClicksDecidesNothingAndSaysSo() throws Exception {
        ReplayResult result =
                new ReplayRun(ReplayListener.SILENT)
                        .run(
                                request("m1", new Baseline.None(), tmp.resolve("out"))
                                        .from(TO.plus(Duration.ofDays(1)))
                                        .to(TO.plus(Duration.ofDays(2)))
                                        .build());

        assertThat(result.decided()).isZero();
        assertThat(result.corrections()).isZero();
        assertThat(Files.readString(tmp.resolve("out").resolve("summary.json")))
                .contains("\"empty_window\" : true");
    }

    @Test
    void aNeverStableModelIsRefusedUnlessCandidatesAreAllowed() throws Exception {
        assertThatThrownBy(
                        () ->
                                new ReplayRun(ReplayListener.SILENT)
                                        .run(
                                                request(
                                                                "m3",
                                                                new Baseline.None(),
                                                                tmp.resolve("out"))
                                                        .build()))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("m3")
                .hasMessageContaining("never stable");

        ReplayResult result =
                new ReplayRun(ReplayListener.SILENT)
                        .run(
                                request("m3", new Baseline.None(), tmp.resolve("out"))
                                        .allowCandidate(true)
                                        .build());
        assertThat(result.decided()).isEqualTo(windowClicks().size());
    }

    @Test
    void anUnknownModelIsRefused() {
        assertThatThrownBy(
                        () ->
                                new ReplayRun(ReplayListener.SILENT)
                                        .run(
                                                request(
                                                                "m9",
                                                                new Baseline.None(),
                                                                tmp.resolve("out"))
                                                        .build()))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("m9 is not registered");
    }

    @Test
    void aRefusedModelIsRefusedWithItsReasons() throws Exception {
        registry.refuse("m4", List.of("holdout_fpr 0.05 above the budget 0.02"));

        assertThatThrownBy(
                        () ->
                                new ReplayRun(ReplayListener.SILENT)
                                        .run(
                                                request(
                                                                "m4",
                                                                new Baseline.None(),
                                                                tmp.resolve("out"))
                                                        .allowCandidate(true)
                                                        .build()))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("m4")
                .hasMessageContaining("refused")
                .hasMessageContaining("holdout_fpr 0.05");
    }

    @Test
    void aTamperedBundleStopsTheReplayNamingTheFile() throws Exception {
        Path model = tmp.resolve("registry").resolve("models").resolve("m1").resolve("model.onnx");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 1;
        Files.write(model, bytes);

        assertThatThrownBy(
                        () ->
                                new ReplayRun(ReplayListener.SILENT)
                                        .run(
                                                request(
                                                                "m1",
                                                                new Baseline.None(),
                                                                tmp.resolve("out"))
                                                        .build()))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("model.onnx")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(tmp.resolve("out").resolve("corrections.jsonl")).doesNotExist();
        try (var files = Files.list(tmp.resolve("out"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aMissingClickFileIsRefused() {
        assertThatThrownBy(
                        () ->
                                new ReplayRun(ReplayListener.SILENT)
                                        .run(
                                                request(
                                                                "m1",
                                                                new Baseline.None(),
                                                                tmp.resolve("out"))
                                                        .source(
                                                                new ReplaySource.Files(
                                                                        List.of(
                                                                                tmp.resolve(
                                                                                        "nope.jsonl")),
                                                                        null))
                                                        .build()))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("no such click file or directory");
    }
}
