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
 * @param conversionLag how much later than its decision a conversion may be read and still label
 *     its click
 */
public record MonitorConfig(
        boolean enabled, Duration attribution, Duration window, Duration conversionLag) {

    static final Duration LEAST = Duration.ofSeconds(1);
    static final Duration LONGEST_ATTRIBUTION = Duration.ofDays(7);
    static final Duration LONGEST_WINDOW = Duration.ofDays(1);
    static final Duration LONGEST_LAG = Duration.ofDays(7);

    public MonitorConfig {
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(window, "window");
        requireWithin(MonitorOptions.ATTRIBUTION_WINDOW.key(), attribution, LONGEST_ATTRIBUTION);
        requireWithin(MonitorOptions.WINDOW.key(), window, LONGEST_WINDOW);
        Objects.requireNonNull(conversionLag, "conversionLag");
        if (conversionLag.isNegative() || conversionLag.compareTo(LONGEST_LAG) > 0) {
            throw new IllegalArgumentException(
                    MonitorOptions.CONVERSION_LAG.key()
                            + ": must be from 0 s to "
                            + describe(LONGEST_LAG)
                            + ", was "
                            + describe(conversionLag));
        }
    }

    /** With the default {@link MonitorOptions#CONVERSION_LAG}. */
    public MonitorConfig(boolean enabled, Duration attribution, Duration window) {
        this(enabled, attribution, window, MonitorOptions.CONVERSION_LAG.defaultValue());
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
                conf.get(MonitorOptions.WINDOW),
                conf.get(MonitorOptions.CONVERSION_LAG));
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
