package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RobotNetwork#average} and {@link ScoringModelTrainer#networks}. */
class AveragedNetworksTest {

    @Test
    void theAveragedLogitIsTheMeanOfTheMembersLogitsOnEveryRow() {
        List<RobotNetwork> members =
                List.of(withBiases(6, 5, 3, 1L), withBiases(6, 5, 3, 2L), withBiases(6, 5, 3, 3L));
        RobotNetwork average = RobotNetwork.average(members);
        assertThat(average.layerSizes()).containsExactly(6, 15, 9, 1);
        Random random = new Random(4L);
        for (int r = 0; r < 500; r++) {
            float[] row = new float[6];
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (2 * random.nextGaussian());
            }
            double mean = 0;
            for (RobotNetwork member : members) {
                mean += member.logit(row) / members.size();
            }
            assertThat(average.logit(row)).isCloseTo(mean, within(1e-12));
        }
    }

    @Test
    void blocksOfDifferentMembersDoNotSeeEachOther() {
        RobotNetwork a = withBiases(4, 3, 2, 5L);
        RobotNetwork b = withBiases(4, 3, 2, 6L);
        RobotNetwork average = RobotNetwork.average(List.of(a, b));
        double[] hidden = average.weights(1);
        // second hidden layer: 4 rows of 6 inputs; member 0's rows read columns 0-2 only
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 6; i++) {
                boolean ownBlock = (j < 2) == (i < 3);
                if (!ownBlock) {
                    assertThat(hidden[j * 6 + i]).as("row %d column %d", j, i).isZero();
                }
            }
        }
        assertThat(Arrays.copyOfRange(hidden, 0, 3)).containsExactly(head(a.weights(1), 0, 3));
        assertThat(Arrays.copyOfRange(hidden, 2 * 6 + 3, 2 * 6 + 6))
                .containsExactly(head(b.weights(1), 0, 3));
    }

    @Test
    void theAverageOfOneNetworkIsThatNetwork() {
        RobotNetwork only = withBiases(5, 4, 3, 7L);
        RobotNetwork average = RobotNetwork.average(List.of(only));
        assertThat(average.layerSizes()).containsExactly(only.layerSizes());
        assertThat(average.parameters()).containsExactly(only.parameters());
    }

    @Test
    void averagesLogisticRegressionsIntoOneLayer() {
        RobotNetwork a = RobotNetwork.withLayers(new int[] {3, 1}, 8L);
        RobotNetwork b = RobotNetwork.withLayers(new int[] {3, 1}, 9L);
        RobotNetwork average = RobotNetwork.average(List.of(a, b));
        assertThat(average.layerSizes()).containsExactly(3, 1);
        float[] row = {0.5f, -1f, 2f};
        assertThat(average.logit(row)).isCloseTo((a.logit(row) + b.logit(row)) / 2, within(1e-12));
    }

    @Test
    void refusesNoMembersAndMembersOfDifferentShapes() {
        assertThatThrownBy(() -> RobotNetwork.average(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(
                        () ->
                                RobotNetwork.average(
                                        List.of(
                                                RobotNetwork.mlp(4, 3, 2, 1L),
                                                RobotNetwork.mlp(4, 3, 3, 1L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[4, 3, 2, 1]")
                .hasMessageContaining("[4, 3, 3, 1]");
    }

    @Test
    void oneNetworkIsExactlyWhatTheSingleNetworkFitGives() {
        Fit fit = new Fit();
        FittedModel single = fit.trainer(7L).network(8, 4, fit.normalizer, fit.raw, fit.rawVal);
        FittedModel one = fit.trainer(7L).networks(1, 8, 4, fit.normalizer, fit.raw, fit.rawVal);
        assertThat(one.histories()).hasSize(1);
        assertThat(one.model().network().parameters())
                .containsExactly(single.model().network().parameters());
    }

    @Test
    void threeNetworksAverageTheFitsOfThreeSeedsAStepApart() {
        Fit fit = new Fit();
        long seed = 7L;
        FittedModel three =
                fit.trainer(seed).networks(3, 8, 4, fit.normalizer, fit.raw, fit.rawVal);
        assertThat(three.histories()).hasSize(3);
        assertThat(three.model().network().layerSizes())
                .containsExactly(SyntheticClicks.FEATURES, 24, 12, 1);
        double[] expected = new double[fit.rawVal.rows()];
        for (int m = 0; m < 3; m++) {
            FittedModel member =
                    fit.trainer(seed + ScoringModelTrainer.MEMBER_SEED_STEP * m)
                            .network(8, 4, fit.normalizer, fit.raw, fit.rawVal);
            assertThat(three.histories().get(m)).isEqualTo(member.history());
            double[] logits = logits(member.model(), fit);
            for (int r = 0; r < expected.length; r++) {
                expected[r] += logits[r] / 3;
            }
        }
        double[] actual = logits(three.model(), fit);
        for (int r = 0; r < expected.length; r++) {
            assertThat(actual[r]).as("row %d", r).isCloseTo(expected[r], within(1e-9));
        }
    }

    @Test
    void refusesFewerThanOneNetwork() {
        Fit fit = new Fit();
        assertThatThrownBy(
                        () ->
                                fit.trainer(1L)
                                        .networks(0, 8, 4, fit.normalizer, fit.raw, fit.rawVal))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void tellsTheListenerWhichNetworkIsBeingFitted() {
        Fit fit = new Fit();
        StringBuilder seen = new StringBuilder();
        EpochListener listener =
                new EpochListener() {
                    @Override
                    public void fitStarted(int member, int members) {
                        seen.append('[').append(member).append('/').append(members).append(']');
                    }

                    @Override
                    public void epochDone(int epoch, double train, double val, boolean best) {
                        seen.append('.');
                    }
                };
        new ScoringModelTrainer(fit.options(1L), listener)
                .networks(2, 8, 4, fit.normalizer, fit.raw, fit.rawVal);
        assertThat(seen.toString()).matches("\\[1/2\\]\\.+\\[2/2\\]\\.+");
    }

    private static double[] logits(ScoringModel model, Fit fit) {
        TrainingSet val = fit.normalizer.transform(fit.rawVal);
        double[] out = new double[val.rows()];
        for (int r = 0; r < out.length; r++) {
            out[r] = model.network().logit(val.x()[r]);
        }
        return out;
    }

    private static double[] head(double[] weights, int from, int to) {
        return Arrays.copyOfRange(weights, from, to);
    }

    /** A network with random, non-zero biases, so that the bias blocks are checked too. */
    private static RobotNetwork withBiases(int features, int h1, int h2, long seed) {
        RobotNetwork net = RobotNetwork.mlp(features, h1, h2, seed);
        double[] p = net.parameterArray();
        Random random = new Random(seed + 100);
        int offset = 0;
        int[] sizes = net.layerSizes();
        for (int l = 0; l < net.layers(); l++) {
            offset += sizes[l] * sizes[l + 1];
            for (int j = 0; j < sizes[l + 1]; j++) {
                p[offset + j] = random.nextGaussian();
            }
            offset += sizes[l + 1];
        }
        return net;
    }

    /** A small problem shared by the fitting tests. */
    private static final class Fit {
        final TrainingSet raw = SyntheticClicks.generate(1500, 1L);
        final TrainingSet rawVal = SyntheticClicks.generate(500, 2L);
        final FeatureNormalizer normalizer =
                FeatureNormalizer.fit(raw.x(), SyntheticClicks.COUNT_MASK, 1e-3);

        TrainingOptions options(long seed) {
            return TrainingOptions.defaults()
                    .withLearningRate(0.01)
                    .withEpochs(4, 2)
                    .withSeed(seed);
        }

        ScoringModelTrainer trainer(long seed) {
            return new ScoringModelTrainer(options(seed));
        }
    }
}
