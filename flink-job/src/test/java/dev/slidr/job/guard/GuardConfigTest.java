package dev.slidr.job.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The guard's settings: defaults, and each bad value named by its key. */
class GuardConfigTest {

    @Test
    void isOffByDefaultWithLimitsForAFewHundredClicksASecond() {
        GuardConfig config = GuardConfig.fromConfiguration(new Configuration());
        assertThat(config.enabled()).isFalse();
        assertThat(config).isEqualTo(new GuardConfig(false, 3, 2.0, 0.1, 200, 0.02, 5.0, 50));
        assertThat(GuardConfig.defaults().enabled()).isTrue();
    }

    @Test
    void refusesEachValueOutsideItsRange() {
        assertThatThrownBy(() -> config(GuardOptions.WINDOWS.key(), "0"))
                .hasMessage("slidr.guard.windows: must be 1 to 60, was 0");
        assertThatThrownBy(() -> config(GuardOptions.WINDOWS.key(), "61"))
                .hasMessage("slidr.guard.windows: must be 1 to 60, was 61");
        assertThatThrownBy(() -> config(GuardOptions.IVR_RATIO.key(), "1"))
                .hasMessage("slidr.guard.ivr-ratio: must be a number above 1, was 1.0");
        assertThatThrownBy(() -> config(GuardOptions.IVR_RATIO.key(), "NaN"))
                .hasMessage("slidr.guard.ivr-ratio: must be a number above 1, was NaN");
        assertThatThrownBy(() -> config(GuardOptions.IVR_RATIO.key(), "Infinity"))
                .hasMessageStartingWith("slidr.guard.ivr-ratio:");
        assertThatThrownBy(() -> config(GuardOptions.IVR_MIN_INCREASE.key(), "-0.1"))
                .hasMessage("slidr.guard.ivr-min-increase: must be 0 to 1, was -0.1");
        assertThatThrownBy(() -> config(GuardOptions.MIN_CLICKS.key(), "0"))
                .hasMessage("slidr.guard.min-clicks: must be at least 1, was 0");
        assertThatThrownBy(() -> config(GuardOptions.FPR_BUDGET.key(), "0"))
                .hasMessage("slidr.guard.fpr-budget: must be above 0 and at most 1, was 0.0");
        assertThatThrownBy(() -> config(GuardOptions.FPR_BUDGET.key(), "1.5"))
                .hasMessageStartingWith("slidr.guard.fpr-budget:");
        assertThatThrownBy(() -> config(GuardOptions.FPR_FACTOR.key(), "0.9"))
                .hasMessage("slidr.guard.fpr-factor: must be a number of at least 1, was 0.9");
        assertThatThrownBy(() -> config(GuardOptions.MIN_LABELLED.key(), "-3"))
                .hasMessage("slidr.guard.min-labelled: must be at least 1, was -3");
    }

    @Test
    void refusesValuesThatAreNotNumbers() {
        assertThatThrownBy(() -> config(GuardOptions.MIN_CLICKS.key(), "lots"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.guard.min-clicks");
        assertThatThrownBy(() -> config(GuardOptions.IVR_RATIO.key(), "2x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.guard.ivr-ratio");
        assertThatThrownBy(() -> config(GuardOptions.WINDOWS.key(), "99999999999999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.guard.windows");
    }

    private static GuardConfig config(String key, String value) {
        Configuration conf = new Configuration();
        conf.setString(key, value);
        return GuardConfig.fromConfiguration(conf);
    }
}
