package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The time split: last day holdout, the day before validation; fractions on short ranges. */
class TimeSplitTest {

    static final long DAY = TimeSplit.DAY_MS;
    static final long T0 = 1_748_836_800_000L;

    @Test
    void sevenDaysHoldOutTheLastDayAndValidateOnTheDayBefore() {
        TimeSplit split = TimeSplit.of(T0, T0 + 7 * DAY);
        assertThat(split.byDay()).isTrue();
        assertThat(split.part(T0)).isEqualTo(TimeSplit.Part.TRAIN);
        assertThat(split.part(T0 + 5 * DAY - 1)).isEqualTo(TimeSplit.Part.TRAIN);
        assertThat(split.part(T0 + 5 * DAY)).isEqualTo(TimeSplit.Part.VALIDATION);
        assertThat(split.part(T0 + 6 * DAY - 1)).isEqualTo(TimeSplit.Part.VALIDATION);
        assertThat(split.part(T0 + 6 * DAY)).isEqualTo(TimeSplit.Part.HOLDOUT);
        assertThat(split.part(T0 + 7 * DAY - 1)).isEqualTo(TimeSplit.Part.HOLDOUT);
    }

    @Test
    void shortRangesSplitBySixtyTwentyTwenty() {
        TimeSplit split = TimeSplit.of(T0, T0 + DAY);
        assertThat(split.byDay()).isFalse();
        assertThat(split.validationStart()).isEqualTo(T0 + DAY * 6 / 10);
        assertThat(split.holdoutStart()).isEqualTo(T0 + DAY * 8 / 10);
    }

    @Test
    void timesOutsideTheRangeAndEmptyRangesAreRefused() {
        TimeSplit split = TimeSplit.of(T0, T0 + 3 * DAY);
        assertThatThrownBy(() -> split.part(T0 + 3 * DAY)).hasMessageContaining("outside");
        assertThatThrownBy(() -> TimeSplit.of(T0, T0)).hasMessageContaining("empty time range");
    }
}
