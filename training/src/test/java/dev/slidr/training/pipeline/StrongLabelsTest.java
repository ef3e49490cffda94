package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.training.TrainingSet;
import org.junit.jupiter.api.Test;

/** Verdicts as strong labels: which rows, what a purchase does, the FPR rows and the weight. */
class StrongLabelsTest {

    /**
     * Rows: 0 judged robot, 1 judged robot but purchasing, 2 judged human (weak label robot), 3
     * unjudged, 4 judged human on the holdout (not passed).
     */
    private static FeatureTable table() {
        FeatureTable t = new FeatureTable(5);
        for (int i = 0; i < 5; i++) {
            t.x[i] = new float[] {i};
            t.label[i] = WeakLabels.NON_HUMAN;
        }
        t.verdict[0] = EntityVerdicts.ROBOT;
        t.verdict[1] = EntityVerdicts.ROBOT;
        t.purchasing[1] = true;
        t.label[1] = WeakLabels.HUMAN;
        t.verdict[2] = EntityVerdicts.HUMAN;
        t.verdict[4] = EntityVerdicts.HUMAN;
        return t;
    }

    @Test
    void aPurchaseOutweighsARobotVerdictAndTheHoldoutKeepsItsWeakLabels() {
        FeatureTable t = table();
        // row 2 is in both parts, as a validation row is also a calibration row
        StrongLabels.Applied a =
                StrongLabels.apply(t, false, new int[] {0, 1, 3}, new int[] {2, 2});

        assertThat(a.robot()).isEqualTo(1);
        assertThat(a.human()).isEqualTo(1);
        assertThat(a.purchaseWins()).isEqualTo(1);
        assertThat(a.labelsChanged()).isEqualTo(1);
        assertThat(t.label)
                .containsExactly(
                        WeakLabels.NON_HUMAN,
                        WeakLabels.HUMAN,
                        WeakLabels.HUMAN,
                        WeakLabels.NON_HUMAN,
                        WeakLabels.NON_HUMAN);
        assertThat(t.strong).containsExactly(true, false, true, false, false);
        // judged humans stay out of the FPR unless told
        assertThat(t.purchasing).containsExactly(false, true, false, false, false);
    }

    @Test
    void judgedHumansJoinThePurchasingClicksOfTheFprWhenTold() {
        FeatureTable t = table();
        StrongLabels.apply(t, true, new int[] {0, 1, 2, 3});
        assertThat(t.purchasing).containsExactly(false, true, true, false, false);
    }

    @Test
    void strongRowsWeighTheVerdictWeightWithinTheirCell() {
        FeatureTable t = table();
        StrongLabels.apply(t, false, new int[] {0, 1, 2, 3});
        // rows 0 and 3 share a cell (same hour, day, logged-in, label): weights 3 : 1
        TrainingSet set = TrainingRows.weighted(t, new int[] {0, 3}, 0.0, 3.0);
        assertThat(set.w()[0] / set.w()[1]).isEqualTo(3f);
        TrainingSet plain = TrainingRows.weighted(t, new int[] {0, 3}, 0.0);
        assertThat(plain.w()[0]).isEqualTo(plain.w()[1]);
    }
}
