package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTrainerTest {

    private static final TrainingOptions FAST =
            TrainingOptions.defaults()
                    .withLearningRate(0.01)
                    .withBatchSize(64)
                    .withEpochs(60, 8)
                    .withL2(1e-5);

    @Test
    void separatesTwoRingsThatNoLinearModelCanSeparate() {
        TrainingSet train = SyntheticData.rings(2000, 2, 1L);
        TrainingSet validation = SyntheticData.rings(500, 2, 2L);
        RobotNetwork net = RobotNetwork.mlp(4, 16, 8, 7L);
        new NetworkTrainer(FAST).train(net, train, validation);
        assertThat(SyntheticData.accuracy(net, SyntheticData.rings(1000, 2, 3L)))
                .isGreaterThan(0.97);

        RobotNetwork linear = RobotNetwork.logisticRegression(4);
        new NetworkTrainer(FAST).train(linear, train, validation);
        assertThat(SyntheticData.accuracy(linear, SyntheticData.rings(1000, 2, 3L)))
                .isLessThan(0.7);
    }

    @Test
    void learnsWeightedXor() {
        TrainingSet train = SyntheticData.xor(2000, 4L);
        TrainingSet validation = SyntheticData.xor(500, 5L);
        RobotNetwork net = RobotNetwork.mlp(2, 16, 8, 3L);
        new NetworkTrainer(FAST).train(net, train, validation);
        assertThat(SyntheticData.accuracy(net, SyntheticData.xor(1000, 6L))).isGreaterThan(0.95);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsWhateverTheThreadCount() {
        TrainingSet train = SyntheticData.rings(1000, 3, 1L);
        TrainingSet validation = SyntheticData.rings(300, 3, 2L);
        TrainingOptions options = FAST.withEpochs(5, 5).withParallelism(4, 4);

        RobotNetwork a = RobotNetwork.mlp(5, 12, 6, 9L);
        RobotNetwork b = RobotNetwork.mlp(5, 12, 6, 9L);
        RobotNetwork c = RobotNetwork.mlp(5, 12, 6, 9L);
        new NetworkTrainer(options).train(a, train, validation);
        new NetworkTrainer(options).train(b, train, validation);
        new NetworkTrainer(options.withParallelism(4, 1)).train(c, train, validation);

        assertThat(a.parameters()).containsExactly(b.parameters());
        assertThat(a.parameters()).containsExactly(c.parameters());

        RobotNetwork d = RobotNetwork.mlp(5, 12, 6, 9L);
        new NetworkTrainer(options.withSeed(1234L)).train(d, train, validation);
        assertThat(d.parameters()).isNotEqualTo(a.parameters());
    }

    @Test
    void stopsEarlyWhenValidationLossStopsImprovingAndKeepsTheBestEpoch() {
        // labels are noise: nothing generalizes, so the validation loss turns up quickly
        TrainingSet train = SyntheticData.noise(300, 10, 1L);
        TrainingSet validation = SyntheticData.noise(300, 10, 99L);
        RobotNetwork net = RobotNetwork.mlp(10, 32, 16, 1L);
        TrainingOptions options = FAST.withLearningRate(0.03).withEpochs(200, 3).withL2(0);

        TrainingHistory history = new NetworkTrainer(options).train(net, train, validation);

        assertThat(history.stoppedEarly()).isTrue();
        assertThat(history.epochsRun()).isLessThan(200);
        assertThat(history.epochsRun()).isEqualTo(history.bestEpoch() + 1 + 3);
        assertThat(net.weightedLoss(validation))
                .isEqualTo(history.bestValidationLoss())
                .isEqualTo(history.validationLoss().stream().min(Double::compare).orElseThrow());
    }

    @Test
    void tellsTheListenerEveryEpochAsItEndsWithTheLossesOfTheHistory() {
        TrainingSet train = SyntheticData.noise(300, 10, 1L);
        TrainingSet validation = SyntheticData.noise(300, 10, 99L);
        TrainingOptions options = FAST.withLearningRate(0.03).withEpochs(200, 3).withL2(0);
        List<double[]> told = new ArrayList<>();
        TrainingHistory history =
                new NetworkTrainer(
                                options,
                                (epoch, trainLoss, validationLoss, best) ->
                                        told.add(
                                                new double[] {
                                                    epoch, trainLoss, validationLoss, best ? 1 : 0
                                                }))
                        .train(RobotNetwork.mlp(10, 32, 16, 1L), train, validation);

        assertThat(told).hasSize(history.epochsRun());
        for (int e = 0; e < told.size(); e++) {
            assertThat(told.get(e)[0]).isEqualTo(e + 1);
            assertThat(told.get(e)[1]).isEqualTo(history.trainLoss().get(e));
            assertThat(told.get(e)[2]).isEqualTo(history.validationLoss().get(e));
        }
        // the last epoch called best is the one kept
        int lastBest = -1;
        for (int e = 0; e < told.size(); e++) {
            lastBest = told.get(e)[3] == 1 ? e : lastBest;
        }
        assertThat(lastBest).isEqualTo(history.bestEpoch());
    }

    @Test
    void l2ShrinksWeights() {
        TrainingSet train = SyntheticData.linear(500, 6, 1L);
        TrainingSet validation = SyntheticData.linear(200, 6, 2L);
        RobotNetwork loose = RobotNetwork.logisticRegression(6);
        RobotNetwork tight = RobotNetwork.logisticRegression(6);
        new NetworkTrainer(FAST.withL2(0)).train(loose, train, validation);
        new NetworkTrainer(FAST.withL2(1.0)).train(tight, train, validation);
        assertThat(tight.l2Penalty(1)).isLessThan(loose.l2Penalty(1) / 4);
    }

    @Test
    void rejectsDataOfTheWrongWidth() {
        TrainingSet train = SyntheticData.linear(50, 3, 1L);
        RobotNetwork net = RobotNetwork.mlp(4, 4, 4, 1L);
        assertThatThrownBy(() -> new NetworkTrainer(FAST).train(net, train, train))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("expects 4 features");
    }

    @Test
    void rejectsUnusableTrainingSets() {
        float[][] x = {{1f, 2f}, {3f, Float.NaN}};
        assertThatThrownBy(() -> TrainingSet.unweighted(x, new float[] {0, 1}))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("feature 1 of row 1");
        float[][] ragged = {{1f, 2f}, {3f}};
        assertThatThrownBy(() -> TrainingSet.unweighted(ragged, new float[] {0, 1}))
                .hasMessageContaining("row 1 has 1 features");
        float[][] ok = {{1f}, {2f}};
        assertThatThrownBy(() -> TrainingSet.unweighted(ok, new float[] {0, 2}))
                .hasMessageContaining("label of row 1");
        assertThatThrownBy(() -> new TrainingSet(ok, new float[] {0, 1}, new float[] {1, -1}))
                .hasMessageContaining("weight of row 1");
        assertThatThrownBy(() -> new TrainingSet(ok, new float[] {0, 1}, new float[] {0, 0}))
                .hasMessageContaining("sum to zero");
        assertThatThrownBy(() -> TrainingSet.unweighted(ok, new float[] {0}))
                .hasMessageContaining("differ in length");
    }

    @Test
    void rejectsInvalidOptions() {
        assertThatThrownBy(() -> FAST.withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch_size");
        assertThatThrownBy(() -> FAST.withLearningRate(Double.NaN))
                .hasMessageContaining("learning_rate");
    }
}
