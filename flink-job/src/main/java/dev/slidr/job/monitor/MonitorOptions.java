package dev.slidr.job.monitor;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the live monitor: conversions joined to decisions, weak-label figures per window. */
public final class MonitorOptions {

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("slidr.monitor.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the job reads the conversions topic and exports the live"
                                    + " monitor's figures (weak-label FPR, IVR, coverage per slice"
                                    + " and model version). Off, the job neither reads"
                                    + " conversions nor needs their topic; the rollback guard"
                                    + " needs the monitor.");

    public static final ConfigOption<Duration> ATTRIBUTION_WINDOW =
            ConfigOptions.key("slidr.monitor.attribution-window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withDescription(
                            "How long, in event time, after a click a conversion still labels it"
                                    + " (1 s to 7 d). A click's label, and so every monitor figure"
                                    + " and the rollback guard, waits this long: a longer window"
                                    + " labels more converting clicks and reacts later.");

    public static final ConfigOption<Duration> CONVERSION_LAG =
            ConfigOptions.key("slidr.monitor.conversion-lag")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How much later than its decision, in processing time, a conversion"
                                    + " may still be read and label the click (0 to 7 d): the"
                                    + " monitor keeps each decision for the attribution window"
                                    + " plus this, so its state holds that many seconds of"
                                    + " decisions. A conversion read later counts as unmatched"
                                    + " (monitorUnmatchedConversions).");

    public static final ConfigOption<Duration> WINDOW =
            ConfigOptions.key("slidr.monitor.window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "Span of the monitor's tumbling event-time windows (1 s to 1 d); each"
                                    + " closed window updates the figures once.");

    private MonitorOptions() {}
}
