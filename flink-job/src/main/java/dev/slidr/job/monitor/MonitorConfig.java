package dev.slidr.job.monitor;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The validated {@link MonitorOptions}.
 *
 * @param enabled whether the job runs the monitor
 * @param attribution how long after a click a conversion still labels it
 * @param window the span of the metric windows
 */
public record MonitorConfig(boolean enabled, Duration attribution, Duration window) {

    static final Duration LEAST = Duration.ofSeconds(1);
    static final Duration LONGEST_ATTRIBUTION = Duration.ofDays(7);
    static final Duration LONGEST_WINDOW = Duration.ofDays(1);

    public MonitorConfig {
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(window, "window");
        requireWithin(MonitorOptions.ATTRIBUTION_WINDOW.key(), attribution, LONGEST_ATTRIBUTION);
        requireWithin(MonitorOptions.WINDOW.key(), window, LONGEST_WINDOW);
    }

    /**
     * Reads and checks {@link MonitorOptions}.
     *
     * @throws IllegalArgumentException naming the bad key
     */
    public static MonitorConfig fromConfiguration(ReadableConfig conf) {
        return new MonitorConfig(
                conf.get(MonitorOptions.ENABLED),
                conf.get(MonitorOptions.ATTRIBUTION_WINDOW),
                conf.get(MonitorOptions.WINDOW));
    }

    private static void requireWithin(String key, Duration value, Duration most) {
        if (value.compareTo(LEAST) < 0 || value.compareTo(most) > 0) {
            throw new IllegalArgumentException(
                    key + ": must be from 1 s to " + describe(most) + ", was " + describe(value));
        }
    }

    private static String describe(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
