package dev.slidr.replay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slidr.contract.Decision;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diff report: its counts, ratios and bounds, and the table, JSON and HTML it renders. */
class DiffReportTest {

    private static final String WEB = "web/desktop";
    private static final String APP = "app/ios";
    private static final Pattern PNG =
            Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @TempDir Path tmp;

    private static Decision valid(String clickId, String slice) {
        return new Decision(
                clickId,
                1_000L,
                2_000L,
                false,
                Decision.Stage.NONE,
                List.of(),
                0.1,
                0.8,
                slice,
                "m1",
                "c1",
                "2",
                new float[] {1f},
                0,
                null);
    }

    private static Decision invalid(String clickId, String slice, String... reasons) {
        return new Decision(
                clickId,
                1_000L,
                2_000L,
                true,
                Decision.Stage.SIVT,
                List.of(reasons),
                0.9,
                0.8,
                slice,
                "m1",
                "c1",
                "2",
                new float[] {1f},
                0,
                null);
    }

    /**
     * Six clicks: on the web c1 turns invalid, c2 stays valid, c3 turns valid, c4 stays invalid; in
     * the app c5 turns invalid and c6 has no baseline decision. Advertiser A has c1, c2, c5; B has
     * c3, c4, c6.
     */
    private static DiffReport.Builder incident() {
        return DiffReport.builder("r-1", "live", "v2")
                .add(new DecisionPair("A", valid("c1", WEB), invalid("c1", WEB, "score")))
                .add(new DecisionPair("A", valid("c2", WEB), valid("c2", WEB)))
                .add(new DecisionPair("B", invalid("c3", WEB, "dc_ip"), valid("c3", WEB)))
                .add(new DecisionPair("B", invalid("c4", WEB, "score"), invalid("c4", WEB)))
                .add(
                        new DecisionPair(
                                "A", valid("c5", APP), invalid("c5", APP, "score", "velocity")))
                .add(new DecisionPair("B", null, valid("c6", APP)));
    }

    @Test
    void countsFlipsIvrsAndTheBillableChangePerSlice() {
        DiffReport r = incident().build();

        assertThat(r.flippedToInvalid()).isEqualTo(2);
        assertThat(r.flippedToValid()).isEqualTo(1);
        assertThat(r.billableChange()).isEqualTo(-1);
        assertThat(r.total().clicks()).isEqualTo(6);
        assertThat(r.total().matched()).isEqualTo(5);
        assertThat(r.total().unmatched()).isEqualTo(1);

        assertThat(r.slices()).extracting(SliceDiff::slice).containsExactly(APP, WEB);
        DiffCounts app = r.slices().get(0).counts();
        assertThat(app.clicks()).isEqualTo(2);
        assertThat(app.ivrBefore()).isEqualTo(0.0);
        assertThat(app.ivrAfter()).isEqualTo(0.5);
        assertThat(app.billableChange()).isEqualTo(-1);
        assertThat(app.topReasons())
                .containsExactly(new ReasonCount("score", 1), new ReasonCount("velocity", 1));
        DiffCounts web = r.slices().get(1).counts();
        assertThat(web.ivrBefore()).isEqualTo(0.5);
        assertThat(web.ivrAfter()).isEqualTo(0.5);
        assertThat(web.flippedToInvalid()).isEqualTo(1);
        assertThat(web.flippedToValid()).isEqualTo(1);
        assertThat(web.billableChange()).isZero();
        // the invalid side's reasons: the new verdict's for c1, the old one's for c3
        assertThat(web.topReasons())
                .containsExactly(new ReasonCount("dc_ip", 1), new ReasonCount("score", 1));
        assertThat(web.sampleClickIds()).containsExactly("c1", "c3");
    }

    @Test
    void countsPerAdvertiserTheCorrectedBillableClicks() {
        DiffReport r = incident().build();

        // by hand: A had c1, c2, c5 billable and keeps only c2; B had none of c3, c4 and gains c3
        assertThat(r.advertisers())
                .extracting(AdvertiserDiff::advertiserId)
                .containsExactly("A", "B");
        DiffCounts a = r.advertisers().get(0).counts();
        assertThat(a.billableChange()).isEqualTo(-2);
        assertThat(a.matched() - a.invalidBefore()).isEqualTo(3);
        assertThat(a.matched() - a.invalidBefore() + a.billableChange()).isEqualTo(1);
        assertThat(a.sampleClickIds()).containsExactly("c1", "c5");
        DiffCounts b = r.advertisers().get(1).counts();
        assertThat(b.billableChange()).isEqualTo(1);
        assertThat(b.unmatched()).isEqualTo(1);
        assertThat(r.otherAdvertisers()).isEmpty();
    }

    @Test
    void givesTruePrecisionAndRecallPerSliceForBothSides() {
        Map<String, Boolean> truth =
                Map.of("c1", true, "c2", false, "c3", false, "c4", true, "c5", true);
        DiffReport.Builder b = DiffReport.builder("r-1", "live", "v2").truth(truth);
        for (DecisionPair p : pairs(incident())) {
            b.add(p);
        }
        DiffReport r = b.build();

        assertThat(r.hasTruth()).isTrue();
        SliceDiff web = r.slices().get(1);
        // before: c3, c4 invalid (c4 a robot), robot c1 valid; after: c1, c4 invalid, both robots
        assertThat(web.truthBefore().precision()).isEqualTo(0.5);
        assertThat(web.truthBefore().recall()).isEqualTo(0.5);
        assertThat(web.truthAfter().precision()).isEqualTo(1.0);
        assertThat(web.truthAfter().recall()).isEqualTo(1.0);
        SliceDiff app = r.slices().get(0);
        // c6 is unknown to the truth and left out
        assertThat(app.truthAfter().unknown()).isEqualTo(1);
        assertThat(app.truthAfter().precision()).isEqualTo(1.0);
        assertThat(app.truthBefore().precision()).isNaN();
        assertThat(app.truthBefore().recall()).isEqualTo(0.0);
        assertThat(r.truthAfter().recall()).isEqualTo(1.0);
        assertThat(r.truthBefore().recall()).isCloseTo(1.0 / 3, within(1e-12));
    }

    /** The pairs {@link #incident()} adds, to add them again to another builder. */
    private static List<DecisionPair> pairs(DiffReport.Builder ignored) {
        return List.of(
                new DecisionPair("A", valid("c1", WEB), invalid("c1", WEB, "score")),
                new DecisionPair("A", valid("c2", WEB), valid("c2", WEB)),
                new DecisionPair("B", invalid("c3", WEB, "dc_ip"), valid("c3", WEB)),
                new DecisionPair("B", invalid("c4", WEB, "score"), invalid("c4", WEB)),
                new DecisionPair("A", valid("c5", APP), invalid("c5", APP, "score", "velocity")),
                new DecisionPair("B", null, valid("c6", APP)));
    }

    @Test
    void keepsTheSmallestFlippedIdsWhateverTheOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(String.format("click-%04d", i));
        }
        Collections.shuffle(ids, new Random(7));
        DiffReport.Builder b = DiffReport.builder("r", "a", "b").samples(4);
        for (String id : ids) {
            b.add(new DecisionPair("A", valid(id, WEB), invalid(id, WEB, "score")));
        }
        DiffReport r = b.build();

        assertThat(r.flippedToInvalid()).isEqualTo(1000);
        assertThat(r.total().sampleClickIds())
                .containsExactly("click-0000", "click-0001", "click-0002", "click-0003");
        assertThat(r.advertisers().get(0).counts().sampleClickIds()).hasSize(4);
    }

    @Test
    void boundsReasonsAndAdvertisersOfHostileInput() {
        DiffReport.Builder b = DiffReport.builder("r", "a", "b").maxAdvertisers(3);
        for (int i = 0; i < 500; i++) {
            String id = "c" + i;
            b.add(new DecisionPair("adv-" + i, valid(id, WEB), invalid(id, WEB, "reason-" + i)));
        }
        DiffReport r = b.build();

        assertThat(r.advertisers()).hasSize(3);
        assertThat(r.otherAdvertisers()).isPresent();
        assertThat(r.otherAdvertisers().get().counts().clicks()).isEqualTo(497);
        List<ReasonCount> top = r.total().topReasons();
        assertThat(top).hasSize(3);
        // 64 codes counted apart, the other 436 together, so that one leads
        assertThat(top.get(0)).isEqualTo(new ReasonCount(Tally.OTHER_REASONS, 436));
        assertThat(r.toJson().get("other_advertisers").get("clicks").asLong()).isEqualTo(497);
    }

    @Test
    void writesJsonWithNullForUndefinedRatios() {
        DiffReport r =
                DiffReport.builder("r-9", "none", "v2")
                        .add(new DecisionPair("A", null, invalid("c1", WEB, "score")))
                        .build();

        ObjectNode json = r.toJson();
        assertThat(json.get("replay_id").asText()).isEqualTo("r-9");
        JsonNode total = json.get("total");
        assertThat(total.get("clicks").asLong()).isEqualTo(1);
        assertThat(total.get("ivr_before").isNull()).isTrue();
        assertThat(total.get("ivr_after").asDouble()).isEqualTo(1.0);
        assertThat(total.get("billable_change").asLong()).isZero();
        assertThat(json.get("slices").get(0).get("slice").asText()).isEqualTo(WEB);
        assertThat(json.get("advertisers").get(0).get("advertiser_id").asText()).isEqualTo("A");
        assertThat(json.has("truth")).isFalse();
    }

    @Test
    void jsonCarriesEveryFigureOfTheTable() {
        JsonNode json = incident().build().toJson();
        JsonNode web = json.get("slices").get(1);
        assertThat(web.get("flipped_to_invalid").asLong()).isEqualTo(1);
        assertThat(web.get("flipped_to_valid").asLong()).isEqualTo(1);
        assertThat(web.get("ivr_before").asDouble()).isEqualTo(0.5);
        assertThat(web.get("top_reasons").get(0).get("reason").asText()).isEqualTo("dc_ip");
        assertThat(web.get("sample_click_ids")).hasSize(2);
        assertThat(json.get("total").get("billable_change").asLong()).isEqualTo(-1);
    }

    @Test
    void writesASelfContainedHtmlPageWithPlotsAndNothingElse() throws Exception {
        Path file = tmp.resolve("report.html");
        incident().build().writeHtml(file);

        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Replay r-1").endsWith("</html>\n");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
        Matcher m = PNG.matcher(html);
        int images = 0;
        while (m.find()) {
            var png =
                    ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(png).isNotNull();
            images++;
        }
        assertThat(images).isEqualTo(2);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void escapesAHostileAdvertiserIdInHtmlAndTheTable() throws Exception {
        String hostile = "<script>alert('x')</script>\u001b[2J";
        DiffReport r =
                DiffReport.builder("r-<b>", "live", "v\"2")
                        .add(new DecisionPair(hostile, valid("c1", WEB), invalid("c1", WEB, "s")))
                        .build();
        Path file = tmp.resolve("report.html");
        r.writeHtml(file);

        String html = Files.readString(file);
        assertThat(html).doesNotContain("<script").doesNotContain("<b>").doesNotContain("\u001b");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        String table = r.table();
        assertThat(table).doesNotContain("\u001b");
        assertThat(table).contains("<script>alert('x')</scr…");
    }

    @Test
    void aReportWithoutClicksSaysSo() throws Exception {
        DiffReport r = DiffReport.builder("r", "live", "v2").build();
        assertThat(r.table()).contains("no clicks were decided");
        assertThat(r.toJson().get("total").get("clicks").asLong()).isZero();
        Path file = tmp.resolve("report.html");
        r.writeHtml(file);
        assertThat(Files.readString(file)).contains("No clicks were decided.");
    }

    @Test
    void theTableListsSlicesAdvertisersAndTruth() {
        DiffReport.Builder b =
                DiffReport.builder("r-1", "live", "v2").truth(Map.of("c1", true, "c3", false));
        pairs(b).forEach(b::add);
        String table = b.build().table();
        assertThat(table)
                .contains(
                        "6 clicks, 5 with a baseline decision; 2 flipped to invalid, 1 to valid;"
                                + " billable clicks -1")
                .contains(WEB)
                .contains("precision bef.")
                .contains("flipped clicks to inspect: c1, c3, c5");
        assertThat(table.lines().filter(l -> l.startsWith("A ")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("-2").contains("score 2"));
    }

    @Test
    void refusesPairsOfDifferentClicksAndLateSettings() {
        assertThatThrownBy(() -> new DecisionPair("A", valid("c1", WEB), valid("c2", WEB)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c1 and c2");
        DiffReport.Builder b =
                DiffReport.builder("r", "a", "b")
                        .add(new DecisionPair("A", null, valid("c1", WEB)));
        assertThatThrownBy(() -> b.truth(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("truth must be set before the first pair");
        assertThatThrownBy(() -> DiffReport.builder("r", "a", "b").samples(-1))
                .hasMessageContaining("[0, 1000]");
    }
}
