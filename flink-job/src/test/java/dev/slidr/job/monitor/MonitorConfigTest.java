package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The monitor's settings: defaults, and each bad value named by its key. */
class MonitorConfigTest {

    @Test
    void defaultsToOnWithTwoMinutesOfAttributionOneMinuteWindowsAndTenMinutesOfLag() {
        MonitorConfig config = MonitorConfig.fromConfiguration(new Configuration());
        assertThat(config)
                .isEqualTo(
                        new MonitorConfig(
                                true,
                                Duration.ofMinutes(2),
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(10)));
        assertThat(new MonitorConfig(true, Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isEqualTo(config);
    }

    @Test
    void refusesAConversionLagOutsideItsRange() {
        assertThatThrownBy(() -> config(MonitorOptions.CONVERSION_LAG.key(), "-1 s"))
                .hasMessageContaining("slidr.monitor.conversion-lag");
        assertThatThrownBy(() -> config(MonitorOptions.CONVERSION_LAG.key(), "8 d"))
                .hasMessage("slidr.monitor.conversion-lag: must be from 0 s to 168h, was 192h");
        assertThat(config(MonitorOptions.CONVERSION_LAG.key(), "0 s").conversionLag()).isZero();
    }

    @Test
    void refusesWindowsAndAttributionOutsideTheirRange() {
        assertThatThrownBy(() -> config(MonitorOptions.WINDOW.key(), "0 s"))
                .hasMessage("slidr.monitor.window: must be from 1 s to 24h, was 0s");
        assertThatThrownBy(() -> config(MonitorOptions.WINDOW.key(), "2 d"))
                .hasMessage("slidr.monitor.window: must be from 1 s to 24h, was 48h");
        assertThatThrownBy(() -> config(MonitorOptions.ATTRIBUTION_WINDOW.key(), "999 ms"))
                .hasMessage(
                        "slidr.monitor.attribution-window: must be from 1 s to 168h, was 0.999s");
        assertThatThrownBy(() -> config(MonitorOptions.ATTRIBUTION_WINDOW.key(), "30 d"))
                .hasMessageStartingWith("slidr.monitor.attribution-window: must be from 1 s");
    }

    @Test
    void refusesValuesThatAreNotDurationsOrBooleans() {
        assertThatThrownBy(() -> config(MonitorOptions.WINDOW.key(), "a while"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.monitor.window");
        assertThatThrownBy(() -> config(MonitorOptions.ENABLED.key(), "perhaps"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.monitor.enabled");
    }

    private static MonitorConfig config(String key, String value) {
        Configuration conf = new Configuration();
        conf.setString(key, value);
        return MonitorConfig.fromConfiguration(conf);
    }
}
