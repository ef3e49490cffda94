package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.carrotsearch.hppc.LongByteHashMap;
import dev.slidr.simulator.TrafficKind;
import dev.slidr.training.FprBoundPolicy;
import dev.slidr.training.report.KindRow;
import dev.slidr.training.report.ReportInput;
import dev.slidr.training.report.ReportMetadata;
import dev.slidr.training.report.TrainingReport;
import dev.slidr.training.rows.ClickIdHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-kind holdout figures from a hand-built truth file: each kind's clicks and share invalidated,
 * logged-in and anonymous, in the summary's JSON, its table and the report; none without kinds.
 */
class KindMetricsTest {

    @TempDir Path tmp;

    /** Click id, is_robot, kind, logged in, invalidated. */
    private record Click(
            String id, boolean robot, String kind, boolean loggedIn, boolean invalid) {}

    private static final List<Click> CLICKS =
            List.of(
                    new Click("g1", false, "human_gateway", true, true),
                    new Click("g2", false, "human_gateway", true, false),
                    new Click("g3", false, "human_gateway", true, false),
                    new Click("g4", false, "human_gateway", false, false),
                    new Click("g5", false, "human_gateway", false, false),
                    new Click("h1", false, "human", false, false),
                    new Click("r1", true, "botnet_rotating", false, true),
                    new Click("r2", true, "botnet_rotating", false, true),
                    new Click("r3", true, "botnet_rotating", false, false),
                    new Click("f1", true, "click_farm", true, true),
                    new Click("f2", true, "click_farm", true, false),
                    new Click("x1", true, "martian", false, true),
                    new Click("n1", true, "", false, true));

    /** Writes the truth file of {@link #CLICKS}, with or without its kind column. */
    private Path truthFile(boolean withKind) throws IOException {
        StringBuilder csv =
                new StringBuilder(withKind ? "click_id,is_robot,kind\n" : "click_id,is_robot\n");
        for (Click c : CLICKS) {
            csv.append(c.id()).append(',').append(c.robot());
            if (withKind) {
                csv.append(',').append(c.kind());
            }
            csv.append('\n');
        }
        return Files.writeString(tmp.resolve(withKind ? "truth.csv" : "old-truth.csv"), csv);
    }

    /** The holdout evaluation of {@link #CLICKS} as the truth file gives them. */
    private Evaluation evaluate(Path truthFile) throws IOException {
        InputReport report = new InputReport();
        LongByteHashMap truth = LabelSources.readTruth(truthFile, report);
        FeatureTable table = new FeatureTable(CLICKS.size());
        boolean[] invalid = new boolean[CLICKS.size()];
        double[] scores = new double[CLICKS.size()];
        for (int i = 0; i < CLICKS.size(); i++) {
            Click c = CLICKS.get(i);
            table.truth[i] = truth.getOrDefault(ClickIdHash.of(c.id()), (byte) -1);
            table.loggedIn[i] = c.loggedIn();
            table.slice[i] = c.loggedIn() ? 1 : 0;
            invalid[i] = c.invalid();
            scores[i] = c.invalid() ? 0.9 : 0.1;
        }
        int[] rows = new int[CLICKS.size()];
        Arrays.setAll(rows, i -> i);
        return Evaluation.of(table, rows, scores, invalid);
    }

    private static TrainingSummary summary(Evaluation e) {
        return new TrainingSummary(
                "m20250604-00000000",
                null,
                0.02,
                FprBoundPolicy.defaults(),
                false,
                e,
                e,
                e,
                List.of());
    }

    @Test
    void eachKindGetsItsShareInvalidatedSplitLoggedInAndAnonymous() throws IOException {
        List<KindMetrics> kinds = evaluate(truthFile(true)).kinds();

        assertThat(kinds)
                .extracting(KindMetrics::kind)
                .containsExactly(
                        "human", "human_gateway", "botnet_rotating", "click_farm", "other");
        KindMetrics gateway = kinds.get(1);
        assertThat(gateway.robot()).isFalse();
        assertThat(gateway.measure()).isEqualTo("true_fpr");
        assertThat(gateway.all()).isEqualTo(new KindMetrics.Share(5, 1));
        assertThat(gateway.loggedIn()).isEqualTo(new KindMetrics.Share(3, 1));
        assertThat(gateway.anonymous()).isEqualTo(new KindMetrics.Share(2, 0));
        assertThat(gateway.loggedIn().share()).isEqualTo(1.0 / 3);
        KindMetrics rotating = kinds.get(2);
        assertThat(rotating.robot()).isTrue();
        assertThat(rotating.measure()).isEqualTo("true_recall");
        assertThat(rotating.all().share()).isEqualTo(2.0 / 3);
        assertThat(rotating.loggedIn().clicks()).isZero();
        assertThat(rotating.loggedIn().share()).isNaN();
        // a kind the simulator does not name is counted, as "other"
        assertThat(kinds.get(4).all()).isEqualTo(new KindMetrics.Share(1, 1));
    }

    @Test
    void theKindsLeaveTheRobotFlagAndTheTrueFiguresAsTheyWere() throws IOException {
        ScorerMetrics withKinds = evaluate(truthFile(true)).combined();
        ScorerMetrics without = evaluate(truthFile(false)).combined();

        assertThat(withKinds).isEqualTo(without);
        // 7 robots, 5 of them invalidated; 6 humans, 1 invalidated
        assertThat(withKinds.trueRecall()).isEqualTo(5.0 / 7);
        assertThat(withKinds.trueFpr()).isEqualTo(1.0 / 6);
    }

    @Test
    void aTruthFileWithoutKindsGivesNoKindBlock() throws IOException {
        Evaluation e = evaluate(truthFile(false));
        StringWriter out = new StringWriter();
        summary(e).print(new PrintWriter(out));

        assertThat(e.kinds()).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> holdout = (Map<String, Object>) summary(e).toMap().get("holdout");
        assertThat(holdout).doesNotContainKey("kinds");
        assertThat(out.toString()).doesNotContain("truth kind");
    }

    @Test
    void theSummaryWritesAndPrintsTheKinds() throws IOException {
        TrainingSummary s = summary(evaluate(truthFile(true)));
        StringWriter out = new StringWriter();
        s.print(new PrintWriter(out));

        @SuppressWarnings("unchecked")
        Map<String, Object> holdout = (Map<String, Object>) s.toMap().get("holdout");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> kinds = (List<Map<String, Object>>) holdout.get("kinds");
        assertThat(kinds.get(1))
                .containsEntry("kind", "human_gateway")
                .containsEntry("robot", false)
                .containsEntry("measure", "true_fpr")
                .containsEntry("clicks", 5L)
                .containsEntry("invalidated", 1L)
                .containsEntry("share", 0.2)
                .containsEntry(
                        "logged_in", Map.of("clicks", 3L, "invalidated", 1L, "share", 1.0 / 3));
        @SuppressWarnings("unchecked")
        Map<String, Object> loggedIn = (Map<String, Object>) kinds.get(2).get("logged_in");
        assertThat(loggedIn).containsEntry("clicks", 0L).containsEntry("share", null);
        assertThat(out.toString())
                .contains("truth kind")
                .containsPattern("human_gateway +true_fpr +5 +0\\.2000 +3 +0\\.3333 +2 +0\\.0000")
                .containsPattern("botnet_rotating +true_recall +3 +0\\.6667 +0 +- +3 +0\\.6667");
    }

    @Test
    void theReportShowsTheKindTable() {
        ReportInput input =
                new ReportInput(
                        new ReportMetadata(
                                "m1",
                                null,
                                Instant.parse("2025-06-09T03:00:00Z"),
                                "v2",
                                Instant.parse("2025-06-02T00:00:00Z"),
                                Instant.parse("2025-06-09T00:00:00Z"),
                                0.02,
                                Map.of()),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(
                                new KindRow(
                                        "network",
                                        "human_gateway<b>",
                                        "true_fpr",
                                        5,
                                        0.2,
                                        3,
                                        1.0 / 3,
                                        2,
                                        0.0),
                                new KindRow(
                                        "network",
                                        "botnet_rotating",
                                        "true_recall",
                                        3,
                                        2.0 / 3,
                                        0,
                                        Double.NaN,
                                        3,
                                        2.0 / 3)));

        String html = TrainingReport.render(input);

        assertThat(html)
                .contains("<h2>Holdout by truth kind</h2>")
                .contains("human_gateway&lt;b&gt;")
                .contains("botnet_rotating")
                .contains(TrainingReport.NOT_AVAILABLE);
        assertThat(TrainingReport.render(withoutKinds(input))).doesNotContain("truth kind");
    }

    @Test
    void everySimulatorKindIsKnownByName() {
        for (TrafficKind kind : TrafficKind.values()) {
            assertThat(TruthKinds.NAMES).as(kind.wireName()).contains(kind.wireName());
            byte b = TruthKinds.encode(kind.isRobot(), kind.wireName());
            assertThat(TruthKinds.robot(b)).isEqualTo(kind.isRobot());
            assertThat(TruthKinds.name(TruthKinds.code(b))).isEqualTo(kind.wireName());
        }
        assertThat(TruthKinds.encode(true, null)).isEqualTo((byte) 1);
        assertThat(TruthKinds.encode(false, "")).isEqualTo((byte) 0);
        assertThat(TruthKinds.robot((byte) -1)).isFalse();
        assertThat(TruthKinds.name(TruthKinds.code(TruthKinds.encode(true, "x".repeat(10_000)))))
                .isEqualTo(TruthKinds.OTHER);
    }

    private static ReportInput withoutKinds(ReportInput in) {
        return new ReportInput(
                in.metadata(), in.slices(), in.lossCurves(), in.metrics(), in.guardrails());
    }
}
