package dev.slidr.job.kafka;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings of the job's Kafka edges: the cluster, the topic names, the consumer group, the delivery
 * guarantee of the sinks and client properties passed through to every client.
 *
 * <p>Every key under {@link #CLIENT_PROPERTIES_PREFIX} is handed, without the prefix, to every
 * consumer, producer and admin client the job creates, so TLS and SASL settings work unchanged:
 * {@code slidr.kafka.properties.security.protocol: SASL_SSL}.
 */
public final class KafkaOptions {

    /** Prefix of the client properties passed through to every Kafka client. */
    public static final String CLIENT_PROPERTIES_PREFIX = "slidr.kafka.properties.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("slidr.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Comma-separated host:port list of the Kafka brokers; required.");

    public static final ConfigOption<String> CLICKS_TOPIC =
            ConfigOptions.key("slidr.kafka.topics.clicks")
                    .stringType()
                    .defaultValue("slidr.clicks")
                    .withDescription("Topic the job reads clicks from (JSON, contract Click).");

    public static final ConfigOption<String> CONVERSIONS_TOPIC =
            ConfigOptions.key("slidr.kafka.topics.conversions")
                    .stringType()
                    .defaultValue("slidr.conversions")
                    .withDescription("Topic of conversions (JSON, contract Conversion).");

    public static final ConfigOption<String> DECISIONS_TOPIC =
            ConfigOptions.key("slidr.kafka.topics.decisions")
                    .stringType()
                    .defaultValue("slidr.decisions")
                    .withDescription("Topic the job writes decisions to (key: click id).");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
            ConfigOptions.key("slidr.kafka.topics.dead-letters")
                    .stringType()
                    .defaultValue("slidr.dead-letters")
                    .withDescription(
                            "Topic the job writes rejected input records to (key: source"
                                    + " topic/partition/offset).");

    public static final ConfigOption<String> CONTROL_TOPIC =
            ConfigOptions.key("slidr.kafka.topics.control")
                    .stringType()
                    .defaultValue("slidr.control")
                    .withDescription("Topic of control commands (activate, roll back a model).");

    public static final ConfigOption<String> CORRECTIONS_TOPIC =
            ConfigOptions.key("slidr.kafka.topics.corrections")
                    .stringType()
                    .defaultValue("slidr.corrections")
                    .withDescription(
                            "Compacted topic replays publish corrections to (key: click id; a"
                                    + " decision with a higher revision and its replay id).");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("slidr.kafka.group-id")
                    .stringType()
                    .defaultValue("slidr-job")
                    .withDescription(
                            "Consumer group of the job's sources; offsets are committed to it at"
                                    + " each checkpoint for monitoring only (the job restores"
                                    + " from its own state).");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("slidr.kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where a job that is not restored from a checkpoint starts reading:"
                                    + " COMMITTED (the group's offsets, else earliest),"
                                    + " EARLIEST or LATEST.");

    public static final ConfigOption<DeliveryMode> DELIVERY_GUARANTEE =
            ConfigOptions.key("slidr.kafka.delivery-guarantee")
                    .enumType(DeliveryMode.class)
                    .defaultValue(DeliveryMode.EXACTLY_ONCE)
                    .withDescription(
                            "EXACTLY_ONCE (transactions committed at each checkpoint; decisions"
                                    + " become visible to read_committed consumers at each"
                                    + " checkpoint) or AT_LEAST_ONCE (visible at once; a restart"
                                    + " may repeat records, click_id is the idempotency key).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("slidr.kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("slidr-job")
                    .withDescription(
                            "Prefix of the transactional ids of the job's sinks (each sink adds"
                                    + " its own suffix); must be unique per job on the cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("slidr.kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Producer transaction.timeout.ms in EXACTLY_ONCE; must exceed the"
                                    + " checkpoint interval (plus checkpoint duration) and be at"
                                    + " most the brokers' transaction.max.timeout.ms (15 min by"
                                    + " default).");

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
            ConfigOptions.key("slidr.kafka.watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How late, in event time, a click may arrive behind the newest one of"
                                    + " its partition before the watermark passes it.");

    public static final ConfigOption<Duration> WATERMARK_IDLENESS =
            ConfigOptions.key("slidr.kafka.watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "A partition without records for this long stops holding the"
                                    + " watermark back; 0 disables idleness detection.");

    public static final ConfigOption<Integer> MAX_VALUE_BYTES =
            ConfigOptions.key("slidr.kafka.source.max-value-bytes")
                    .intType()
                    .defaultValue(32 * 1024)
                    .withDescription(
                            "Record values longer than this are not carried through the job:"
                                    + " their first bytes go to the dead-letter topic with"
                                    + " reason oversized (at most 32768, the dead-letter limit).");

    public static final ConfigOption<Duration> PREFLIGHT_TIMEOUT =
            ConfigOptions.key("slidr.kafka.preflight.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How long `slidr run` waits for the brokers to answer, before it"
                                    + " submits the job, when it checks that they are reachable"
                                    + " and that the clicks, decisions, dead-letter and control"
                                    + " topics exist, and the conversions topic while the live"
                                    + " monitor is on.");

    private KafkaOptions() {}
}
