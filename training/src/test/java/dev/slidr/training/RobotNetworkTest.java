package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RobotNetworkTest {

    private static final double LAMBDA = 0.05;

    @Test
    void gradientMatchesFiniteDifferencesForEveryParameterOfTheThreeLayerNetwork() {
        TrainingSet data = SyntheticData.linear(40, 5, 3L);
        RobotNetwork net = RobotNetwork.mlp(5, 7, 4, 11L);
        // non-zero biases so that the bias gradients are exercised away from the origin
        double[] params = net.parameterArray();
        for (int l = 0; l < net.layers(); l++) {
            double[] b = net.biases(l);
            int offset = offsetOfBiases(net, l);
            for (int j = 0; j < b.length; j++) {
                params[offset + j] = 0.1 * (j + 1) * (l % 2 == 0 ? 1 : -1);
            }
        }
        assertGradientMatches(net, data);
    }

    @Test
    void gradientMatchesFiniteDifferencesForLogisticRegression() {
        TrainingSet data = SyntheticData.linear(30, 4, 5L);
        RobotNetwork net = RobotNetwork.withLayers(new int[] {4, 1}, 9L);
        assertGradientMatches(net, data);
    }

    @Test
    void aRowOfWeightTwoCountsLikeTheSameRowTwice() {
        TrainingSet base = SyntheticData.linear(20, 3, 8L);
        float[][] x = new float[21][];
        float[] y = new float[21];
        float[] w = new float[21];
        for (int i = 0; i < 20; i++) {
            x[i] = base.x()[i];
            y[i] = base.y()[i];
            w[i] = base.w()[i];
        }
        x[20] = base.x()[0];
        y[20] = base.y()[0];
        w[20] = base.w()[0];
        float[] doubled = base.w().clone();
        doubled[0] *= 2;
        RobotNetwork net = RobotNetwork.mlp(3, 5, 4, 2L);
        double[] a = net.objectiveGradient(new TrainingSet(x, y, w), LAMBDA);
        double[] b = net.objectiveGradient(new TrainingSet(base.x(), base.y(), doubled), LAMBDA);
        for (int k = 0; k < a.length; k++) {
            assertThat(a[k]).isCloseTo(b[k], org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void l2PenalizesWeightsButNotBiases() {
        RobotNetwork net = RobotNetwork.of(new int[] {2, 1}, new double[] {3, 4, 100});
        assertThat(net.l2Penalty(2.0)).isEqualTo(25.0);
        assertThat(net.isWeight(0)).isTrue();
        assertThat(net.isWeight(2)).isFalse();
    }

    @Test
    void crossEntropyStaysFiniteForExtremeLogits() {
        assertThat(RobotNetwork.crossEntropy(1000, 0)).isEqualTo(1000.0);
        assertThat(RobotNetwork.crossEntropy(-1000, 1)).isEqualTo(1000.0);
        assertThat(RobotNetwork.crossEntropy(1000, 1)).isEqualTo(0.0);
        assertThat(RobotNetwork.sigmoid(-1000)).isEqualTo(0.0);
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        RobotNetwork net = RobotNetwork.mlp(3, 4, 4, 1L);
        assertThatThrownBy(() -> net.probability(new float[2]))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("expects 3");
    }

    @Test
    void rejectsLayerListsThatDoNotEndInOneOutput() {
        assertThatThrownBy(() -> RobotNetwork.withLayers(new int[] {3, 2}, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RobotNetwork.mlp(3, 0, 2, 1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int offsetOfBiases(RobotNetwork net, int layer) {
        int[] sizes = net.layerSizes();
        int offset = 0;
        for (int l = 0; l <= layer; l++) {
            offset += sizes[l] * sizes[l + 1];
            if (l < layer) {
                offset += sizes[l + 1];
            }
        }
        return offset;
    }

    private static void assertGradientMatches(RobotNetwork net, TrainingSet data) {
        double[] analytic = net.objectiveGradient(data, LAMBDA);
        double[] params = net.parameterArray();
        double h = 1e-6;
        boolean sawWeight = false;
        boolean sawBias = false;
        for (int k = 0; k < params.length; k++) {
            double saved = params[k];
            params[k] = saved + h;
            double plus = net.objective(data, LAMBDA);
            params[k] = saved - h;
            double minus = net.objective(data, LAMBDA);
            params[k] = saved;
            double numeric = (plus - minus) / (2 * h);
            double scale = Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[k]));
            assertThat(Math.abs(numeric - analytic[k]) / scale)
                    .as("parameter %d (weight=%s)", k, net.isWeight(k))
                    .isLessThan(1e-5);
            sawWeight |= net.isWeight(k);
            sawBias |= !net.isWeight(k);
        }
        assertThat(sawWeight && sawBias).isTrue();
    }
}
