package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceMetricsTest {

    // 8 clicks: slice 0 holds rows 0-4, slice 1 rows 5-7
    private static final int[] SLICE = {0, 0, 0, 0, 0, 1, 1, 1};
    private static final boolean[] INVALID = {true, true, false, false, true, false, true, false};
    private static final boolean[] PURCHASE = {true, false, true, true, false, true, false, false};
    private static final boolean[] FAST = {false, true, false, false, true, false, true, true};

    @Test
    void computesIvrFprAndCoverageOverAllClicks() {
        SliceMetrics all = SliceMetrics.of(INVALID, PURCHASE, FAST);
        assertThat(all).isEqualTo(new SliceMetrics(8, 4, 4, 1, 4, 3));
        assertThat(all.ivr()).isEqualTo(0.5);
        assertThat(all.fpr()).isEqualTo(0.25);
        assertThat(all.coverage()).isEqualTo(0.75);
    }

    @Test
    void computesPerSliceFiguresThatAddUpToTheTotal() {
        Map<Integer, SliceMetrics> bySlice = SliceMetrics.bySlice(SLICE, INVALID, PURCHASE, FAST);
        assertThat(bySlice.get(0)).isEqualTo(new SliceMetrics(5, 3, 3, 1, 2, 2));
        assertThat(bySlice.get(0).fpr()).isEqualTo(1.0 / 3);
        assertThat(bySlice.get(1)).isEqualTo(new SliceMetrics(3, 1, 1, 0, 2, 1));
        assertThat(bySlice.get(1).coverage()).isEqualTo(0.5);
        assertThat(bySlice.get(0).plus(bySlice.get(1)))
                .isEqualTo(SliceMetrics.of(INVALID, PURCHASE, FAST));
    }

    @Test
    void undefinedRatesAreNaNNotZero() {
        SliceMetrics noPurchases = new SliceMetrics(3, 1, 0, 0, 0, 0);
        assertThat(noPurchases.fpr()).isNaN();
        assertThat(noPurchases.coverage()).isNaN();
        assertThat(SliceMetrics.EMPTY.ivr()).isNaN();
    }

    @Test
    void rejectsInconsistentCountsAndRaggedColumns() {
        assertThatThrownBy(() -> new SliceMetrics(3, 4, 0, 0, 0, 0))
                .hasMessageContaining("inconsistent");
        assertThatThrownBy(() -> SliceMetrics.bySlice(new int[] {0}, INVALID, PURCHASE, FAST))
                .isInstanceOf(InvalidTrainingDataException.class);
    }
}
