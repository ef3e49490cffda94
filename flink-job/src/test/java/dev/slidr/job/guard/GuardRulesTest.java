package dev.slidr.job.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.job.guard.GuardRules.Counts;
import org.junit.jupiter.api.Test;

/** The two rules, their limits and their least evidence. */
class GuardRulesTest {

    private static final GuardConfig CONFIG = GuardConfig.defaults();

    @Test
    void anIvrMoreThanTheRatioTimesThePreviousOneFires() {
        assertThat(
                        GuardRules.judge(
                                CONFIG,
                                "desktop/logged_in",
                                "bad",
                                new Counts(400, 400, 0, 0),
                                "m1",
                                new Counts(1000, 190, 0, 0)))
                .contains(
                        "slice desktop/logged_in: IVR 1.000 of model bad over 400 clicks is above"
                                + " 2 x 0.190, the IVR of model m1 before it");
    }

    @Test
    void anIvrJustAtTheRatioOrBelowTheLeastIncreaseDoesNot() {
        // 2 x 0.19 = 0.38: not above
        assertThat(judge(new Counts(1000, 380, 0, 0), new Counts(1000, 190, 0, 0))).isEmpty();
        // 0.05 is 5 x 0.01, but only 0.04 more
        assertThat(judge(new Counts(1000, 50, 0, 0), new Counts(1000, 10, 0, 0))).isEmpty();
    }

    @Test
    void aHighPreviousIvrFiresWhenTheValidShareFallsBelowItsShareOverTheRatio() {
        assertThat(judge(new Counts(1000, 900, 0, 0), new Counts(1000, 450, 0, 0)))
                .contains(
                        "slice s: valid share 0.100 of model new over 1000 clicks is below 1/2 of"
                                + " 0.550, the valid share of model m1 before it");
        // the valid share cut by less than the ratio, or by a small step, does not fire
        assertThat(judge(new Counts(1000, 700, 0, 0), new Counts(1000, 450, 0, 0))).isEmpty();
        assertThat(judge(new Counts(1000, 990, 0, 0), new Counts(1000, 950, 0, 0))).isEmpty();
    }

    @Test
    void theIvrRuleWaitsForEnoughClicksOfBothModels() {
        assertThat(judge(new Counts(199, 199, 0, 0), new Counts(1000, 190, 0, 0))).isEmpty();
        assertThat(judge(new Counts(400, 400, 0, 0), new Counts(199, 30, 0, 0))).isEmpty();
        assertThat(judge(new Counts(200, 200, 0, 0), new Counts(200, 30, 0, 0))).isPresent();
    }

    @Test
    void aWeakLabelFprAboveTheFactorTimesTheBudgetFiresOnceEnoughClicksConverted() {
        // 6 of 50 converting clicks invalidated: 0.12 > 5 x 0.02
        assertThat(judge(new Counts(100, 20, 50, 6), Counts.NONE))
                .contains(
                        "slice s: weak-label FPR 0.120 of model new over 50 converting clicks is"
                                + " above 5 x the budget 0.02");
        assertThat(judge(new Counts(100, 20, 50, 5), Counts.NONE)).isEmpty();
        assertThat(judge(new Counts(100, 49, 49, 49), Counts.NONE)).isEmpty();
    }

    @Test
    void countsAddUpWindows() {
        Counts c =
                Counts.NONE
                        .plus(new dev.slidr.job.monitor.MonitorWindow("s", "m", 60, 10, 2, 3, 1))
                        .plus(new dev.slidr.job.monitor.MonitorWindow("s", "m", 120, 5, 1, 1, 0));
        assertThat(c).isEqualTo(new Counts(15, 3, 4, 1));
        assertThat(c.ivr()).isEqualTo(0.2);
        assertThat(c.fpr()).isEqualTo(0.25);
        assertThat(Counts.NONE.ivr()).isNaN();
        assertThat(Counts.NONE.fpr()).isNaN();
    }

    private static java.util.Optional<String> judge(Counts now, Counts before) {
        return GuardRules.judge(CONFIG, "s", "new", now, "m1", before);
    }
}
