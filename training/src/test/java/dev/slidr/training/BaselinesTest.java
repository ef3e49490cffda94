package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    private static final List<String> NAMES = Arrays.asList(SyntheticClicks.NAMES);

    @Test
    void velocityHeuristicFlagsSessionsAboveKClicksPerHour() {
        VelocityHeuristic rule = VelocityHeuristic.of(NAMES, "user_clicks_1h", 30);
        float[] slow = new float[SyntheticClicks.FEATURES];
        float[] edge = slow.clone();
        float[] fast = slow.clone();
        edge[1] = 30;
        fast[1] = 31;
        assertThat(rule.isRobotic(slow)).isFalse();
        assertThat(rule.isRobotic(edge)).isFalse();
        assertThat(rule.isRobotic(fast)).isTrue();
        assertThat(rule.score(new float[][] {slow, fast})).containsExactly(0.0, 1.0);
    }

    @Test
    void velocityHeuristicRejectsUnknownColumnsAndShortRows() {
        assertThatThrownBy(() -> VelocityHeuristic.of(NAMES, "clicks_per_fortnight", 3))
                .hasMessageContaining("clicks_per_fortnight");
        VelocityHeuristic rule = VelocityHeuristic.of(NAMES, "ip_clicks_1h", 3);
        assertThatThrownBy(() -> rule.isRobotic(new float[2]))
                .isInstanceOf(InvalidTrainingDataException.class);
    }

    @Test
    void logisticRegressionReachesTheBayesRankingOnALogisticProblem() {
        TrainingSet train = SyntheticData.linear(3000, 5, 21L);
        TrainingSet validation = SyntheticData.linear(1000, 5, 22L);
        FeatureNormalizer normalizer = FeatureNormalizer.fit(train.x(), new boolean[5], 1e-3);
        FittedModel fitted =
                new ScoringModelTrainer(TrainingOptions.defaults().withLearningRate(0.01))
                        .logisticRegression(normalizer, train, validation);
        assertThat(fitted.model().network().layers()).isEqualTo(1);

        TrainingSet test = SyntheticData.linear(3000, 5, 23L);
        boolean[] positive = new boolean[test.rows()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = test.y()[i] > 0.5f;
        }
        double auc = RankingMetrics.auc(fitted.model().score(test.x()), positive);
        assertThat(auc).isGreaterThan(0.85);
    }

    @Test
    void networkBeatsTheVelocityRuleOnSyntheticClicks() {
        TrainingSet train = SyntheticClicks.generate(3000, 31L);
        TrainingSet validation = SyntheticClicks.generate(1000, 32L);
        TrainingSet test = SyntheticClicks.generate(2000, 33L);
        FeatureNormalizer normalizer =
                FeatureNormalizer.fit(train.x(), SyntheticClicks.COUNT_MASK, 1e-3);
        FittedModel net =
                new ScoringModelTrainer(TrainingOptions.defaults().withLearningRate(0.01))
                        .network(16, 8, normalizer, train, validation);
        boolean[] robotic = new boolean[test.rows()];
        for (int i = 0; i < robotic.length; i++) {
            robotic[i] = test.y()[i] > 0.5f;
        }
        double netAuc = RankingMetrics.auc(net.model().score(test.x()), robotic);
        double ruleAuc =
                RankingMetrics.auc(
                        VelocityHeuristic.of(NAMES, "user_clicks_1h", 30).score(test.x()), robotic);
        assertThat(netAuc).isGreaterThan(ruleAuc).isGreaterThan(0.9);
    }
}
