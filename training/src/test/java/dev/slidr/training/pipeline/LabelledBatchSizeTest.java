package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.training.TrainingSet;
import org.junit.jupiter.api.Test;

class LabelledBatchSizeTest {

    @Test
    void keepsTheConfiguredSizeWhereABatchHoldsEnoughOfTheRarerLabel() {
        // the simulator's default traffic: 7.5 % purchasing clicks, 38 in a batch of 512
        assertThat(LabelledBatchSize.of(512, 75_000, 1_000_000)).isEqualTo(512);
        assertThat(LabelledBatchSize.of(512, 8_000, 1_000_000)).isEqualTo(512);
    }

    @Test
    void raisesTheSizeUntilABatchHoldsFourRowsOfTheRarerLabel() {
        // a mobile-app install log: 261 human-labelled rows of 128,231
        assertThat(LabelledBatchSize.of(512, 261, 128_231)).isEqualTo(1_966);
        assertThat(LabelledBatchSize.of(512, 1, 1_000)).isEqualTo(1_000);
    }

    @Test
    void theRarerLabelMayBeEitherOne() {
        float[] y = new float[2_000];
        float[] w = new float[2_000];
        float[][] x = new float[2_000][1];
        for (int i = 0; i < y.length; i++) {
            // 2 robot rows among humans, and a weightless robot row that does not count
            y[i] = i < 3 ? 1f : 0f;
            w[i] = i == 2 ? 0f : 1f;
        }
        TrainingSet train = new TrainingSet(x, y, w);

        assertThat(LabelledBatchSize.of(512, train)).isEqualTo(1_999);
        assertThat(LabelledBatchSize.reason(train))
                .contains("2 of the 1,999 weighted training rows are labelled robot");
    }

    @Test
    void oneLabelOnlyKeepsTheConfiguredSize() {
        assertThat(LabelledBatchSize.of(512, 0, 10_000)).isEqualTo(512);
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> LabelledBatchSize.of(0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelledBatchSize.of(512, 11, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelledBatchSize.of(512, -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
