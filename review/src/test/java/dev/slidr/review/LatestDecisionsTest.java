package dev.slidr.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Decision;
import dev.slidr.contract.testing.Decisions;
import dev.slidr.review.LatestDecisions.Origin;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge of the decisions and corrections topics: per click the highest revision wins from
 * either topic, and a tie keeps the decisions topic's record.
 */
class LatestDecisionsTest {

    @Test
    void aCorrectionWithAHigherRevisionReplacesTheDecision() {
        LatestDecisions latest = new LatestDecisions();
        latest.offer(decision("b", 0, false), Origin.DECISIONS);
        latest.offer(decision("b", 1, true), Origin.CORRECTIONS);

        assertThat(latest.winners().get("b").revision()).isEqualTo(1);
        assertThat(latest.winners().get("b").invalid()).isTrue();
        assertThat(latest.fromCorrections()).isEqualTo(1);
    }

    @Test
    void aDecisionWithAHigherRevisionReplacesAnOlderCorrectionWhicheverIsReadFirst() {
        LatestDecisions correctionFirst = new LatestDecisions();
        correctionFirst.offer(decision("b", 1, true), Origin.CORRECTIONS);
        correctionFirst.offer(decision("b", 2, false), Origin.DECISIONS);
        LatestDecisions decisionFirst = new LatestDecisions();
        decisionFirst.offer(decision("b", 2, false), Origin.DECISIONS);
        decisionFirst.offer(decision("b", 1, true), Origin.CORRECTIONS);

        for (LatestDecisions latest : List.of(correctionFirst, decisionFirst)) {
            assertThat(latest.winners().get("b").revision()).isEqualTo(2);
            assertThat(latest.winners().get("b").invalid()).isFalse();
            assertThat(latest.fromCorrections()).isZero();
        }
    }

    @Test
    void aTieKeepsTheDecisionsTopicsRecordWhicheverIsReadFirst() {
        LatestDecisions decisionFirst = new LatestDecisions();
        decisionFirst.offer(decision("c", 1, false), Origin.DECISIONS);
        decisionFirst.offer(decision("c", 1, true), Origin.CORRECTIONS);
        LatestDecisions correctionFirst = new LatestDecisions();
        correctionFirst.offer(decision("c", 1, true), Origin.CORRECTIONS);
        correctionFirst.offer(decision("c", 1, false), Origin.DECISIONS);

        for (LatestDecisions latest : List.of(decisionFirst, correctionFirst)) {
            assertThat(latest.winners().get("c").invalid()).isFalse();
            assertThat(latest.fromCorrections()).isZero();
        }
    }

    @Test
    void aTieWithinOneTopicKeepsTheFirstRecordRead() {
        LatestDecisions latest = new LatestDecisions();
        latest.offer(decision("a", 1, true), Origin.CORRECTIONS);
        latest.offer(decision("a", 1, false), Origin.CORRECTIONS);
        latest.offer(decision("d", 0, false), Origin.DECISIONS);
        latest.offer(decision("d", 0, true), Origin.DECISIONS);

        assertThat(latest.winners().get("a").invalid()).isTrue();
        assertThat(latest.winners().get("d").invalid()).isFalse();
        assertThat(latest.fromCorrections()).isEqualTo(1);
    }

    @Test
    void aLowerRevisionNeverReplacesAHigherOne() {
        Decision held = decision("e", 3, true);
        Decision older = decision("e", 2, false);

        for (Origin heldFrom : Origin.values()) {
            for (Origin from : Origin.values()) {
                assertThat(LatestDecisions.supersedes(older, from, held, heldFrom))
                        .as(from + " over " + heldFrom)
                        .isFalse();
                assertThat(LatestDecisions.supersedes(held, from, older, heldFrom))
                        .as(from + " over " + heldFrom)
                        .isTrue();
            }
        }
    }

    @Test
    void clicksOfEitherTopicAloneAreAllKept() {
        LatestDecisions latest = new LatestDecisions();
        latest.offer(decision("a", 0, false), Origin.DECISIONS);
        latest.offer(decision("z", 1, true), Origin.CORRECTIONS);

        assertThat(latest.winners()).containsOnlyKeys("a", "z");
        assertThat(latest.fromCorrections()).isEqualTo(1);
    }

    private static Decision decision(String id, int revision, boolean invalid) {
        return Decisions.scored(id, 1_000L, invalid ? 0.9 : 0.1, "v2", new float[] {1f}, revision);
    }
}
