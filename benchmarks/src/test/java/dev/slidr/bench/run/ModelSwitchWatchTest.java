package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.bench.run.ModelSwitchWatch.Seen;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first decision of a switched-to version, and the clicks the old model still scored. */
class ModelSwitchWatchTest {

    private static final long PRODUCED = 1_000;
    private static final long EFFECTIVE = 50_000;

    private static final List<Seen> DECISIONS =
            List.of(
                    // before the command was produced: not the switch's, even of the new version
                    new Seen("m2", 60_000, 900),
                    // the old model, on a click after effective_ts: missed
                    new Seen("m1", 50_500, 1_010),
                    // the old model, on a click before effective_ts: right
                    new Seen("m1", 49_000, 1_020),
                    // the new model: the second one decided is the first
                    new Seen("m2", 51_000, 1_040),
                    new Seen("m2", 50_800, 1_030),
                    // after the next command
                    new Seen("m1", 70_000, 5_000));

    @Test
    void findsTheEarliestDecisionOfTheNewVersionAfterTheCommand() {
        assertThat(ModelSwitchWatch.first(DECISIONS, "m2", PRODUCED, EFFECTIVE, 4_000))
                .isEqualTo(new Seen("m2", 50_800, 1_030));
        assertThat(ModelSwitchWatch.first(DECISIONS, "m3", PRODUCED, EFFECTIVE, 4_000)).isNull();
        // nothing of m2 was decided before the command's window ends
        assertThat(ModelSwitchWatch.first(DECISIONS, "m2", PRODUCED, EFFECTIVE, 1_030)).isNull();
    }

    @Test
    void countsTheClicksAfterEffectiveThatAnotherModelScoredInTheWindow() {
        assertThat(ModelSwitchWatch.missed(DECISIONS, "m2", PRODUCED, EFFECTIVE, 4_000))
                .isEqualTo(1);
        assertThat(ModelSwitchWatch.missed(DECISIONS, "m2", PRODUCED, EFFECTIVE, Long.MAX_VALUE))
                .isEqualTo(2);
    }
}
