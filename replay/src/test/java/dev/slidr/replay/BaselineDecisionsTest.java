package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decisions file as a baseline: highest revision per click, the window only, bad lines
 * dead-lettered.
 */
class BaselineDecisionsTest {

    private static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
    private static final ReplayWindow WINDOW =
            new ReplayWindow(FROM, FROM.plus(Duration.ofHours(1)), Duration.ofHours(1));

    @TempDir Path tmp;

    private static String line(String clickId, Instant at, boolean invalid, int revision) {
        Decision d =
                invalid
                        ? Decision.givt(
                                clickId,
                                at.toEpochMilli(),
                                at.toEpochMilli(),
                                List.of("declared_robot"),
                                "desktop/logged_in")
                        : new Decision(
                                clickId,
                                at.toEpochMilli(),
                                at.toEpochMilli(),
                                false,
                                Decision.Stage.NONE,
                                List.of(),
                                0.1,
                                0.5,
                                "desktop/logged_in",
                                "m1",
                                "c-m1",
                                "v2",
                                new float[] {1f},
                                0,
                                null);
        return new String(
                ContractJson.write(d.withRevision(revision, revision == 0 ? null : "r")),
                StandardCharsets.UTF_8);
    }

    @Test
    void theHighestRevisionPerClickWinsWhateverTheOrder() throws Exception {
        Path file = tmp.resolve("decisions.jsonl");
        Files.write(
                file,
                List.of(
                        line("a", FROM, false, 2),
                        line("a", FROM, true, 0),
                        line("a", FROM, true, 1),
                        line("b", FROM.plusSeconds(5), true, 0)));

        BaselineDecisions baseline = BaselineDecisions.fromFile(file, WINDOW, d -> {});

        assertThat(baseline.get("a").revision()).isEqualTo(2);
        assertThat(baseline.get("a").invalid()).isFalse();
        assertThat(baseline.get("b").invalid()).isTrue();
        assertThat(baseline.size()).isEqualTo(2);
    }

    @Test
    void decisionsOutsideTheWindowAreNotKept() throws Exception {
        Path file = tmp.resolve("decisions.jsonl");
        Files.write(
                file,
                List.of(
                        line("warm", FROM.minusSeconds(60), false, 0),
                        line("after", FROM.plus(Duration.ofHours(1)), false, 0),
                        line("in", FROM, false, 0)));

        BaselineDecisions baseline = BaselineDecisions.fromFile(file, WINDOW, d -> {});

        assertThat(baseline.size()).isEqualTo(1);
        assertThat(baseline.get("in")).isNotNull();
    }

    @Test
    void malformedAndHostileLinesBecomeDeadLettersWithTheirLineNumbers() throws Exception {
        Path file = tmp.resolve("decisions.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(
                    String.join(
                                    "\n",
                                    line("a", FROM, false, 0),
                                    "{not json",
                                    "{\"click_id\": \"x\"}",
                                    "\u0000\u001b[2J" + "x".repeat(100_000),
                                    "",
                                    line("b", FROM, false, 0))
                            .getBytes(StandardCharsets.UTF_8));
        }
        List<DeadLetter> dead = new ArrayList<>();

        BaselineDecisions baseline = BaselineDecisions.fromFile(file, WINDOW, dead::add);

        assertThat(baseline.size()).isEqualTo(2);
        assertThat(dead).extracting(DeadLetter::sourceOffset).containsExactly(2L, 3L, 4L);
        assertThat(dead)
                .allSatisfy(d -> assertThat(d.sourceTopic()).contains("decisions.jsonl.gz"));
    }

    @Test
    void aMissingFileIsRefusedWithOneLine() {
        assertThatThrownBy(
                        () ->
                                BaselineDecisions.fromFile(
                                        tmp.resolve("nope.jsonl"), WINDOW, d -> {}))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("no such decisions file");
    }
}
