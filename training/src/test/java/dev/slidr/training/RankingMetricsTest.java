package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void aucCountsCorrectlyOrderedPairs() {
        // positives 0.9, 0.4; negatives 0.5, 0.1: pairs (0.9>0.5, 0.9>0.1, 0.4<0.5, 0.4>0.1)
        double[] scores = {0.9, 0.4, 0.5, 0.1};
        boolean[] positive = {true, true, false, false};
        assertThat(RankingMetrics.auc(scores, positive)).isEqualTo(0.75);
    }

    @Test
    void aucCountsTiesAsHalf() {
        // one tied pair (0.5, 0.5) and one correct pair (0.5 > 0.2)
        double[] scores = {0.5, 0.5, 0.2};
        boolean[] positive = {true, false, false};
        assertThat(RankingMetrics.auc(scores, positive)).isEqualTo(0.75);
        // a constant score is uninformative
        assertThat(
                        RankingMetrics.auc(
                                new double[] {1, 1, 1, 1},
                                new boolean[] {true, false, true, false}))
                .isEqualTo(0.5);
    }

    @Test
    void weightedAucWeighsEachPairByBothWeights() {
        double[] scores = {0.9, 0.4, 0.5, 0.1};
        boolean[] positive = {true, true, false, false};
        float[] weights = {1f, 3f, 2f, 1f};
        // correct weight: 1·2 + 1·1 + 3·1 = 6 of total (1+3)·(2+1) = 12
        assertThat(RankingMetrics.auc(scores, positive, weights)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aucIsUndefinedWithOneClass() {
        assertThat(RankingMetrics.auc(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNaN();
        assertThatThrownBy(
                        () -> RankingMetrics.auc(new double[] {Double.NaN}, new boolean[] {true}))
                .isInstanceOf(InvalidTrainingDataException.class);
    }

    @Test
    void precisionAndRecallAgainstGroundTruth() {
        boolean[] invalid = {true, true, true, false, false};
        boolean[] robot = {true, true, false, true, false};
        RankingMetrics.PrecisionRecall pr = RankingMetrics.precisionRecall(invalid, robot);
        assertThat(pr.precision()).isEqualTo(2.0 / 3);
        assertThat(pr.recall()).isEqualTo(2.0 / 3);
        assertThat(RankingMetrics.precisionRecall(new boolean[2], new boolean[2]).precision())
                .isNaN();
    }
}
