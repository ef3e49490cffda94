package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeatureNormalizerTest {

    @Test
    void standardizesLinearFeaturesAndLogsCountFeatures() {
        float[][] x = {{0f, 1f}, {3f, 3f}, {7f, 5f}, {15f, 7f}};
        FeatureNormalizer normalizer = FeatureNormalizer.fit(x, new boolean[] {true, false}, 1e-6);
        // log1p of 0, 3, 7, 15 is ln 1, ln 4, ln 8, ln 16 = k·ln 2 for k = 0, 2, 3, 4
        double ln2 = Math.log(2);
        assertThat(normalizer.mean()[0]).isCloseTo((float) (2.25 * ln2), within(1e-6f));
        double std0 = Math.sqrt((2.25 * 2.25 + 0.25 * 0.25 + 0.75 * 0.75 + 1.75 * 1.75) / 4) * ln2;
        assertThat(normalizer.scale()[0]).isCloseTo((float) std0, within(1e-6f));
        assertThat(normalizer.mean()[1]).isEqualTo(4f);
        assertThat(normalizer.scale()[1]).isCloseTo((float) Math.sqrt(5), within(1e-6f));

        float[] row = normalizer.transform(new float[] {3f, 6f});
        assertThat(row[0]).isCloseTo((float) ((2 * ln2 - 2.25 * ln2) / std0), within(1e-6f));
        assertThat(row[1]).isCloseTo((float) (2 / Math.sqrt(5)), within(1e-6f));
    }

    @Test
    void ignoredColumnsNormalizeToNothingWhateverTheirValue() {
        float[][] x = {{1f, 10f}, {3f, 20f}, {5f, 30f}};
        FeatureNormalizer normalizer =
                FeatureNormalizer.fit(x, new boolean[] {false, false}, 1e-3).ignoring(1);
        for (float v : new float[] {-1e6f, 0f, 20f, 3e7f}) {
            float[] out = normalizer.transform(new float[] {3f, v});
            assertThat(out[0]).isEqualTo(0f);
            assertThat(Math.abs(out[1])).isLessThan(1e-22f);
        }
        assertThatThrownBy(() -> normalizer.ignoring(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 2");
    }

    @Test
    void constantFeatureMapsToZeroThroughTheStdFloor() {
        float[][] x = {{5f}, {5f}, {5f}};
        FeatureNormalizer normalizer = FeatureNormalizer.fit(x, new boolean[] {false}, 1e-3);
        assertThat(normalizer.scale()[0]).isEqualTo(1e-3f);
        assertThat(normalizer.transform(new float[] {5f})[0]).isEqualTo(0f);
    }

    @Test
    void negativeCountsAreClampedInsteadOfBecomingNaN() {
        float[][] x = {{0f}, {1f}, {9f}};
        FeatureNormalizer normalizer = FeatureNormalizer.fit(x, new boolean[] {true}, 1e-3);
        assertThat(normalizer.transform(new float[] {-5f})[0])
                .isEqualTo(normalizer.transform(new float[] {0f})[0]);
    }

    @Test
    void rejectsMaskOfTheWrongLengthAndUnusableRows() {
        float[][] x = {{1f, 2f}};
        assertThatThrownBy(() -> FeatureNormalizer.fit(x, new boolean[] {true}, 1e-3))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("log mask has 1 entries");
        assertThatThrownBy(
                        () ->
                                FeatureNormalizer.fit(
                                        new float[][] {{Float.POSITIVE_INFINITY, 1f}},
                                        new boolean[2],
                                        1e-3))
                .isInstanceOf(InvalidTrainingDataException.class);
        assertThatThrownBy(() -> FeatureNormalizer.fit(new float[0][], new boolean[0], 1e-3))
                .hasMessageContaining("zero rows");
        FeatureNormalizer normalizer = FeatureNormalizer.fit(x, new boolean[2], 1e-3);
        assertThatThrownBy(() -> normalizer.transform(new float[3]))
                .hasMessageContaining("expects 2");
    }
}
