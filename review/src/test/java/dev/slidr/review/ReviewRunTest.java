package dev.slidr.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.contract.testing.Decisions;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.rules.privacy.HmacKey;
import dev.slidr.rules.privacy.IdentifierKind;
import dev.slidr.rules.privacy.Pseudonymizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review queue on hand-built decisions and clicks: sums, order, the shown clicks and bad input.
 */
class ReviewRunTest {

    static final HmacKey KEY = HmacKey.of("k1", new byte[32]);

    @TempDir Path dir;

    private final List<String> decisionLines = new ArrayList<>();
    private final List<String> clickLines = new ArrayList<>();

    @Test
    void ranksEachKindBySumOfScoresWithTheSplitCheckedByHand() throws IOException {
        // alice: c1 0.9 (SIVT) + c2 0.4 = 1.3; bob: c3 0.6 (its correction) + c5 0.2 = 0.8, c4 GIVT
        click("c1", "alice", "10.0.0.1", "ad-1");
        click("c2", "alice", "10.0.0.1", "ad-2");
        click("c3", "bob", "10.0.0.2", "ad-2");
        click("c4", "bob", "10.0.0.1", "ad-2");
        click("c5", "bob", "10.0.0.2", "ad-2");
        click("c1", "alice", "10.0.0.1", "ad-1"); // a repeated row joins nothing
        click("c7", "carol", "10.0.0.3", "ad-3"); // no decision: outside the window
        scored("c1", 0.9, 0, 7f);
        scored("c2", 0.4, 0, 1f);
        scored("c3", 0.3, 0, 1f);
        scored("c3", 0.6, 1, 2f); // a correction supersedes revision 0
        givt("c4");
        scored("c5", 0.2, 0, 1f);
        scored("c6", 0.99, 0, 1f); // no click in the files
        decisionLines.add("{not json");

        ReviewQueue q = run(10);

        assertThat(q.decisions()).isEqualTo(6);
        assertThat(q.scored()).isEqualTo(5);
        assertThat(q.clicksJoined()).isEqualTo(5);
        assertThat(q.repeatedClicks()).isEqualTo(1);
        assertThat(q.decisionsWithoutClick()).isEqualTo(1);
        assertThat(q.deadLetterCount()).isEqualTo(1);
        assertThat(q.firstDeadLetters()).singleElement().asString().startsWith("line 8: ");
        assertThat(q.emptyWindow()).isFalse();

        Pseudonymizer p = new Pseudonymizer(KEY);
        List<RankedEntity> users = q.of(EntityKind.USER);
        assertThat(users)
                .extracting(RankedEntity::entity)
                .containsExactly(
                        p.pseudonym(IdentifierKind.USER, "alice"),
                        p.pseudonym(IdentifierKind.USER, "bob"));
        RankedEntity alice = users.get(0);
        assertThat(alice.expectedInvalid()).isCloseTo(1.3, within(1e-9));
        assertThat(alice.expectedInvalidBilled()).isCloseTo(0.4, within(1e-9));
        assertThat(alice.expectedInvalidInvalidated()).isCloseTo(0.9, within(1e-9));
        assertThat(alice.clicks()).isEqualTo(2);
        assertThat(alice.sivt()).isEqualTo(1);
        assertThat(alice.givt()).isZero();
        assertThat(alice.clicksShown())
                .extracting(IndicativeClick::clickId)
                .containsExactly("c1", "c2");
        RankedEntity bob = users.get(1);
        assertThat(bob.expectedInvalid()).isCloseTo(0.8, within(1e-9));
        // c3's correction scored 0.6, at or above the threshold 0.5: invalidated
        assertThat(bob.expectedInvalidBilled()).isCloseTo(0.2, within(1e-9));
        assertThat(bob.expectedInvalidInvalidated()).isCloseTo(0.6, within(1e-9));
        assertThat(bob.sivt()).isEqualTo(1);
        assertThat(bob.clicks()).isEqualTo(3);
        assertThat(bob.scored()).isEqualTo(2);
        assertThat(bob.givt()).isEqualTo(1);
        assertThat(bob.clicksShown()).extracting(IndicativeClick::score).containsExactly(0.6, 0.2);

        // IPs: 10.0.0.1 holds c1, c2 and the GIVT c4 = 1.3; 10.0.0.2 holds c3, c5 = 0.8
        assertThat(q.of(EntityKind.IP))
                .extracting(RankedEntity::entity)
                .containsExactly(
                        p.pseudonym(IdentifierKind.IP, "10.0.0.1"),
                        p.pseudonym(IdentifierKind.IP, "10.0.0.2"));
        assertThat(q.of(EntityKind.IP).get(0).givt()).isEqualTo(1);
        // 10.0.0.1 carries alice and bob; bob came from two IPs
        assertThat(q.of(EntityKind.IP).get(0).linked()).isEqualTo(2);
        assertThat(bob.linked()).isEqualTo(2);
        assertThat(alice.linked()).isEqualTo(1);
        // ads are not pseudonymized: ad-2 = 0.4 + 0.6 + 0.2 = 1.2 ranks above ad-1 = 0.9
        assertThat(q.of(EntityKind.AD))
                .extracting(RankedEntity::entity)
                .containsExactly("ad-2", "ad-1");
        assertThat(q.of(EntityKind.AD).get(0).expectedInvalid()).isCloseTo(1.2, within(1e-9));
        assertThat(q.entities())
                .containsEntry(EntityKind.USER, 2L)
                .containsEntry(EntityKind.AD, 2L);
    }

    @Test
    void topCutsEachKindAndShowsTheFeatureThatStandsOut() throws IOException {
        click("c1", "alice", "10.0.0.1", "ad-1");
        click("c2", "bob", "10.0.0.2", "ad-1");
        click("c3", "carol", "10.0.0.3", "ad-1");
        scored("c1", 0.9, 0, 50f);
        scored("c2", 0.2, 0, 1f);
        scored("c3", 0.1, 0, 1f);

        ReviewQueue q = run(1);

        assertThat(q.of(EntityKind.USER)).hasSize(1);
        assertThat(q.entities()).containsEntry(EntityKind.USER, 3L);
        IndicativeClick top = q.of(EntityKind.USER).get(0).clicksShown().get(0);
        assertThat(top.features())
                .first()
                .extracting(FeatureValue::name)
                .isEqualTo(FeatureSchema.CURRENT.names().get(FeatureSchema.USER_CLICKS_1M));
    }

    @Test
    void anonymousClicksRankUnderTheirSessionPseudonym() throws IOException {
        Click anonymous =
                Clicks.builder("dave", "10.0.0.9", Clicks.T0)
                        .clickId("a1")
                        .anonymous()
                        .session("sess-9")
                        .build();
        clickLines.add(new String(ContractJson.write(anonymous), StandardCharsets.UTF_8));
        scored("a1", 0.5, 0, 1f);

        ReviewQueue q = run(5);

        assertThat(q.of(EntityKind.USER))
                .extracting(RankedEntity::entity)
                .containsExactly(
                        new Pseudonymizer(KEY).pseudonym(IdentifierKind.SESSION, "sess-9"));
    }

    @Test
    void aWindowWithoutDecisionsIsEmptyNotAnError() throws IOException {
        click("c1", "alice", "10.0.0.1", "ad-1");

        ReviewQueue q = run(5);

        assertThat(q.emptyWindow()).isTrue();
        assertThat(q.of(EntityKind.USER)).isEmpty();
        assertThat(ReviewReport.table(q)).contains("empty window");
        assertThat(ReviewReport.json(q, request(5)).get("empty_window").asBoolean()).isTrue();
    }

    @Test
    void oversizedAndMalformedDecisionLinesAreCountedByReason() throws IOException {
        click("c1", "alice", "10.0.0.1", "ad-1");
        scored("c1", 0.5, 0, 1f);
        decisionLines.add("x".repeat(ReviewRun.MAX_DECISION_LINE_BYTES + 10));
        decisionLines.add("[]");
        decisionLines.add("{\"click_id\":\"c9\"}");

        ReviewQueue q = run(5);

        assertThat(q.deadLetterCount()).isEqualTo(3);
        assertThat(q.deadLetters()).containsKey("oversized");
        assertThat(q.clicksJoined()).isEqualTo(1);
    }

    @Test
    void missingInputsAreOneLineRefusals() throws IOException {
        write();
        assertThatThrownBy(
                        () ->
                                ReviewRun.run(
                                        new ReviewRequest(
                                                dir.resolve("none.jsonl"),
                                                dir.resolve("clicks.jsonl"),
                                                null,
                                                KEY,
                                                5,
                                                3,
                                                3)))
                .isInstanceOf(ReviewException.class)
                .hasMessageContaining("no such decisions file");
        assertThatThrownBy(
                        () ->
                                ReviewRun.run(
                                        new ReviewRequest(
                                                dir.resolve("decisions.jsonl"),
                                                dir.resolve("nothing-here"),
                                                null,
                                                KEY,
                                                5,
                                                3,
                                                3)))
                .isInstanceOf(ReviewException.class)
                .hasMessageStartingWith("clicks: ");
    }

    @Test
    void outputsEscapeTheDataAndAppearWhole() throws IOException {
        click("c1", "alice", "10.0.0.1", "<ad>&");
        scored("c1", 0.5, 0, 1f);
        ReviewQueue q = run(5);

        Path html = dir.resolve("queue.html");
        Path json = dir.resolve("queue.json");
        ReviewReport.writeHtml(q, request(5), html);
        ReviewReport.writeJson(q, request(5), json);

        assertThat(Files.readString(html)).contains("&lt;ad&gt;&amp;").doesNotContain("<ad>");
        assertThat(Files.readString(json)).contains("\"entity\" : \"<ad>&\"");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private ReviewQueue run(int top) throws IOException {
        write();
        return ReviewRun.run(request(top));
    }

    private ReviewRequest request(int top) {
        return new ReviewRequest(
                dir.resolve("decisions.jsonl"), dir.resolve("clicks.jsonl"), null, KEY, top, 3, 1);
    }

    private void write() throws IOException {
        Files.write(dir.resolve("decisions.jsonl"), decisionLines);
        Files.write(dir.resolve("clicks.jsonl"), clickLines);
    }

    private void click(String id, String user, String ip, String ad) {
        Click c =
                Clicks.builder(user, ip, Clicks.at(Duration.ofMinutes(clickLines.size())))
                        .clickId(id)
                        .ad(ad)
                        .build();
        clickLines.add(new String(ContractJson.write(c), StandardCharsets.UTF_8));
    }

    private void scored(String id, double score, int revision, float firstFeature) {
        float[] x = new float[FeatureSchema.CURRENT.size()];
        x[0] = firstFeature;
        Decision d =
                Decisions.scored(
                        id,
                        Clicks.T0.toEpochMilli(),
                        score,
                        FeatureSchema.CURRENT.version(),
                        x,
                        revision);
        decisionLines.add(new String(ContractJson.write(d), StandardCharsets.UTF_8));
    }

    private void givt(String id) {
        Decision d =
                Decision.givt(
                        id,
                        Clicks.T0.toEpochMilli(),
                        Clicks.T0.toEpochMilli(),
                        List.of("declared_robot"),
                        "desktop/logged_in");
        decisionLines.add(new String(ContractJson.write(d), StandardCharsets.UTF_8));
    }
}
