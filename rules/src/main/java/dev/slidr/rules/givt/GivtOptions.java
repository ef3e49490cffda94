package dev.slidr.rules.givt;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the GIVT filter: declared robots, data-centre IPs, duplicate clicks. */
public final class GivtOptions {

    /** Prefix of a {@link #DATA_CENTRE_RANGES} value naming a class-path resource. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    public static final ConfigOption<Boolean> ROBOTS_ENABLED =
            ConfigOptions.key("slidr.givt.robots.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether clicks whose user agent declares a robot are invalidated"
                                    + " (reason declared_robot).");

    public static final ConfigOption<List<String>> ROBOT_DEVICE_CLASSES =
            ConfigOptions.key("slidr.givt.robots.device-classes")
                    .stringType()
                    .asList()
                    .defaultValues("Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker")
                    .withDescription(
                            "YAUAA DeviceClass values that mark a user agent as a robot"
                                    + " (';'-separated).");

    public static final ConfigOption<List<String>> ROBOT_AGENT_CLASSES =
            ConfigOptions.key("slidr.givt.robots.agent-classes")
                    .stringType()
                    .asList()
                    .defaultValues("Robot", "Robot Mobile", "Testclient", "Hacker")
                    .withDescription(
                            "YAUAA AgentClass values that mark a user agent as a robot"
                                    + " (';'-separated); 'Robot' catches headless browsers whose"
                                    + " device class is Desktop. 'Special' is left out: YAUAA"
                                    + " gives it to some native apps (Pinterest for Android) as"
                                    + " well as to link-preview fetchers, whose device class is"
                                    + " Robot anyway.");

    public static final ConfigOption<Integer> USER_AGENT_CACHE_SIZE =
            ConfigOptions.key("slidr.givt.robots.cache-size")
                    .intType()
                    .defaultValue(20_000)
                    .withDescription(
                            "Number of parsed user agents YAUAA keeps per task manager JVM (the"
                                    + " analyzer is built once per JVM and shared by its slots),"
                                    + " and of robot verdicts each screening subtask keeps; 0"
                                    + " keeps no verdicts.");

    public static final ConfigOption<Boolean> DATA_CENTRE_ENABLED =
            ConfigOptions.key("slidr.givt.data-centre.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether clicks from data-centre IP ranges are invalidated (reason"
                                    + " data_centre_ip).");

    public static final ConfigOption<String> DATA_CENTRE_RANGES =
            ConfigOptions.key("slidr.givt.data-centre.ranges")
                    .stringType()
                    .defaultValue(CLASSPATH_PREFIX + DataCentreIpRanges.SAMPLE_RESOURCE)
                    .withDescription(
                            "The data-centre CIDR list: a file path, or 'classpath:' and a"
                                    + " resource. One IPv4 or IPv6 CIDR block per line, '#'"
                                    + " starts a comment. Read once, on the client, when the job"
                                    + " is built. The default is a small bundled sample of"
                                    + " well-known cloud ranges, not a complete list.");

    public static final ConfigOption<Duration> DEDUPE_WINDOW =
            ConfigOptions.key("slidr.givt.dedupe.window")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "Event-time window after a click's first occurrence within which a"
                                    + " click with the same click id is a duplicate"
                                    + " (reason duplicate_click); an event-time timer clears the"
                                    + " click id when it ends.");

    public static final ConfigOption<Duration> DEDUPE_STATE_TTL =
            ConfigOptions.key("slidr.givt.dedupe.state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "Processing-time TTL of the remembered click ids, a safety net that"
                                    + " bounds state when watermarks stall; at least the dedupe"
                                    + " window.");

    public static final ConfigOption<Boolean> DEDUPE_STATE_TTL_ENABLED =
            ConfigOptions.key("slidr.givt.dedupe.state-ttl.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the remembered click ids carry the processing-time TTL. A"
                                    + " replay turns it off: it runs for minutes with its event"
                                    + " time far ahead of the wall clock, so the TTL would expire"
                                    + " nothing and only wrap every id (and, in a run longer"
                                    + " than the TTL, make decisions depend on the run's speed).");

    public static final ConfigOption<Long> DEDUPE_TTL_COMPACTION_QUERY_ENTRIES =
            ConfigOptions.key("slidr.givt.dedupe.ttl-compaction-query-entries")
                    .longType()
                    .defaultValue(1000L)
                    .withDescription(
                            "How many state entries RocksDB's TTL compaction filter processes"
                                    + " before it refreshes the current time.");

    private GivtOptions() {}
}
