package dev.slidr.feature.flink;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the keyed feature stages; read once by {@link FeaturePipeline}. */
public final class FeatureStateOptions {

    private FeatureStateOptions() {}

    /**
     * Processing-time TTL of per-user and per-IP feature state, refreshed on every write. It is a
     * safety net behind the event-time cleanup timer, so it must exceed the longest feature window
     * (24 h) by a margin for clock skew between event time and processing time.
     */
    public static final ConfigOption<Duration> STATE_TTL =
            ConfigOptions.key("slidr.features.state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofHours(25))
                    .withDescription(
                            "Processing-time TTL of per-user and per-IP feature state, refreshed"
                                    + " on every click. A safety net behind the event-time"
                                    + " cleanup timer; must be longer than the 24 h window.");

    /**
     * Whether the feature state carries {@link #STATE_TTL}. A replay turns it off: it runs for
     * minutes with its event time far ahead of the wall clock, so a processing-time TTL would
     * expire nothing and only wrap every value (and, in a run longer than the TTL, make features
     * depend on the run's speed). The event-time cleanup timers drop state either way.
     */
    public static final ConfigOption<Boolean> STATE_TTL_ENABLED =
            ConfigOptions.key("slidr.features.state-ttl.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether per-user, per-ad and per-IP feature state carries the"
                                    + " processing-time TTL. A replay turns it off: its event"
                                    + " time runs far ahead of the wall clock, so the TTL would"
                                    + " expire nothing and only wrap every value.");

    /**
     * How many state entries RocksDB's compaction filter processes before it refreshes the current
     * timestamp it compares TTLs against.
     */
    public static final ConfigOption<Long> TTL_COMPACTION_QUERY_INTERVAL =
            ConfigOptions.key("slidr.features.state-ttl.compaction-query-interval")
                    .longType()
                    .defaultValue(1000L)
                    .withDescription(
                            "Entries the RocksDB compaction filter processes before it reads the"
                                    + " current time again when dropping expired feature state.");

    /** Time zone of the hour-of-day and day-of-week features. */
    public static final ConfigOption<String> TIME_ZONE =
            ConfigOptions.key("slidr.features.time-zone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription(
                            "Time zone (a java.time.ZoneId) in which the hour-of-day and"
                                    + " day-of-week features of a click are taken.");
}
