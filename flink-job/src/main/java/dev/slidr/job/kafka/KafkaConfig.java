package dev.slidr.job.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The job's Kafka settings, validated once and immutable: built from a Flink {@link Configuration}
 * with {@link #fromConfiguration(Configuration)} or with {@link #builder()}.
 *
 * <pre>{@code
 * KafkaConfig kafka = KafkaConfig.builder()
 *         .bootstrapServers("broker-1:9092,broker-2:9092")
 *         .delivery(DeliveryMode.EXACTLY_ONCE)
 *         .checkpointInterval(Duration.ofSeconds(10))
 *         .clientProperty("security.protocol", "SSL")
 *         .build();
 * }</pre>
 */
public final class KafkaConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Kafka's own rule for topic names (Topic.validate): legal characters, at most 249 of them. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Client properties the job sets itself; passing them through would break its guarantees. */
    private static final Set<String> OWNED_PROPERTIES =
            Set.of(
                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    private final String bootstrapServers;
    private final Topics.Names topicNames;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final DeliveryMode delivery;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final Duration watermarkOutOfOrderness;
    private final Duration watermarkIdleness;
    private final int maxValueBytes;
    private final Duration checkpointInterval;
    private final TreeMap<String, String> clientProperties;

    private KafkaConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers.trim();
        this.topicNames = b.topicNames;
        this.groupId = b.groupId;
        this.startingOffsets = b.startingOffsets;
        this.delivery = b.delivery;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
        this.transactionTimeout = b.transactionTimeout;
        this.watermarkOutOfOrderness = b.watermarkOutOfOrderness;
        this.watermarkIdleness = b.watermarkIdleness;
        this.maxValueBytes = b.maxValueBytes;
        this.checkpointInterval = b.checkpointInterval;
        this.clientProperties = new TreeMap<>(b.clientProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@link KafkaOptions} and the checkpoint interval ({@code
     * execution.checkpointing.interval}) from {@code config}; throws {@link
     * IllegalArgumentException} naming every invalid setting.
     */
    public static KafkaConfig fromConfiguration(Configuration config) {
        Builder b =
                builder()
                        .topicNames(
                                new Topics.Names(
                                        config.get(KafkaOptions.CLICKS_TOPIC),
                                        config.get(KafkaOptions.CONVERSIONS_TOPIC),
                                        config.get(KafkaOptions.DECISIONS_TOPIC),
                                        config.get(KafkaOptions.DEAD_LETTERS_TOPIC),
                                        config.get(KafkaOptions.CONTROL_TOPIC)))
                        .groupId(config.get(KafkaOptions.GROUP_ID))
                        .startingOffsets(config.get(KafkaOptions.STARTING_OFFSETS))
                        .delivery(config.get(KafkaOptions.DELIVERY_GUARANTEE))
                        .transactionalIdPrefix(config.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX))
                        .transactionTimeout(config.get(KafkaOptions.TRANSACTION_TIMEOUT))
                        .watermarkOutOfOrderness(
                                config.get(KafkaOptions.WATERMARK_OUT_OF_ORDERNESS))
                        .watermarkIdleness(config.get(KafkaOptions.WATERMARK_IDLENESS))
                        .maxValueBytes(config.get(KafkaOptions.MAX_VALUE_BYTES))
                        .checkpointInterval(
                                config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                                        .orElse(null));
        config.getOptional(KafkaOptions.BOOTSTRAP_SERVERS).ifPresent(b::bootstrapServers);
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(KafkaOptions.CLIENT_PROPERTIES_PREFIX)) {
                                b.clientProperty(
                                        key.substring(
                                                KafkaOptions.CLIENT_PROPERTIES_PREFIX.length()),
                                        value);
                            }
                        });
        return b.build();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Topics.Names topicNames() {
        return topicNames;
    }

    public String groupId() {
        return groupId;
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    public DeliveryMode delivery() {
        return delivery;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public Duration watermarkOutOfOrderness() {
        return watermarkOutOfOrderness;
    }

    /** Zero when idleness detection is off. */
    public Duration watermarkIdleness() {
        return watermarkIdleness;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    /** The passed-through client properties, without the option prefix. */
    public Map<String, String> clientProperties() {
        return Map.copyOf(clientProperties);
    }

    /**
     * Properties of every consumer: the passed-through ones, the group and {@code
     * isolation.level=read_committed}, so that records of aborted or open transactions are never
     * read.
     */
    public Properties consumerProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    /**
     * Properties of every producer: the passed-through ones and, in {@code EXACTLY_ONCE}, the
     * transaction timeout.
     */
    public Properties producerProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (delivery == DeliveryMode.EXACTLY_ONCE) {
            p.setProperty(
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    Long.toString(transactionTimeout.toMillis()));
        }
        return p;
    }

    @Override
    public String toString() {
        // client property values may hold passwords (ssl.keystore.password, sasl.jaas.config)
        return "KafkaConfig[bootstrapServers="
                + bootstrapServers
                + ", topics="
                + topicNames
                + ", groupId="
                + groupId
                + ", startingOffsets="
                + startingOffsets
                + ", delivery="
                + delivery
                + ", transactionalIdPrefix="
                + transactionalIdPrefix
                + ", transactionTimeout="
                + transactionTimeout
                + ", clientProperties="
                + clientProperties.keySet()
                + "]";
    }

    /** Collects the settings; {@link #build()} checks them all at once. */
    public static final class Builder {
        private String bootstrapServers = "";
        private Topics.Names topicNames =
                new Topics.Names(
                        KafkaOptions.CLICKS_TOPIC.defaultValue(),
                        KafkaOptions.CONVERSIONS_TOPIC.defaultValue(),
                        KafkaOptions.DECISIONS_TOPIC.defaultValue(),
                        KafkaOptions.DEAD_LETTERS_TOPIC.defaultValue(),
                        KafkaOptions.CONTROL_TOPIC.defaultValue());
        private String groupId = KafkaOptions.GROUP_ID.defaultValue();
        private StartingOffsets startingOffsets = KafkaOptions.STARTING_OFFSETS.defaultValue();
        private DeliveryMode delivery = KafkaOptions.DELIVERY_GUARANTEE.defaultValue();
        private String transactionalIdPrefix = KafkaOptions.TRANSACTIONAL_ID_PREFIX.defaultValue();
        private Duration transactionTimeout = KafkaOptions.TRANSACTION_TIMEOUT.defaultValue();
        private Duration watermarkOutOfOrderness =
                KafkaOptions.WATERMARK_OUT_OF_ORDERNESS.defaultValue();
        private Duration watermarkIdleness = KafkaOptions.WATERMARK_IDLENESS.defaultValue();
        private int maxValueBytes = KafkaOptions.MAX_VALUE_BYTES.defaultValue();
        private Duration checkpointInterval;
        private final TreeMap<String, String> clientProperties = new TreeMap<>();

        private Builder() {}

        public Builder bootstrapServers(String value) {
            bootstrapServers = value == null ? "" : value;
            return this;
        }

        public Builder topicNames(Topics.Names value) {
            topicNames = value;
            return this;
        }

        public Builder groupId(String value) {
            groupId = value;
            return this;
        }

        public Builder startingOffsets(StartingOffsets value) {
            startingOffsets = value;
            return this;
        }

        public Builder delivery(DeliveryMode value) {
            delivery = value;
            return this;
        }

        public Builder transactionalIdPrefix(String value) {
            transactionalIdPrefix = value;
            return this;
        }

        public Builder transactionTimeout(Duration value) {
            transactionTimeout = value;
            return this;
        }

        public Builder watermarkOutOfOrderness(Duration value) {
            watermarkOutOfOrderness = value;
            return this;
        }

        public Builder watermarkIdleness(Duration value) {
            watermarkIdleness = value;
            return this;
        }

        public Builder maxValueBytes(int value) {
            maxValueBytes = value;
            return this;
        }

        /** The job's checkpoint interval; null or zero when checkpointing is off. */
        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        /** A Kafka client property (without the option prefix) for every client. */
        public Builder clientProperty(String key, String value) {
            clientProperties.put(key, value);
            return this;
        }

        public KafkaConfig build() {
            List<String> problems = new ArrayList<>();
            if (bootstrapServers.isBlank()) {
                problems.add(KafkaOptions.BOOTSTRAP_SERVERS.key() + " is required");
            }
            checkTopics(problems);
            if (groupId == null || groupId.isBlank()) {
                problems.add(KafkaOptions.GROUP_ID.key() + " must not be blank");
            }
            if (startingOffsets == null) {
                problems.add(KafkaOptions.STARTING_OFFSETS.key() + " must be set");
            }
            if (delivery == null) {
                problems.add(KafkaOptions.DELIVERY_GUARANTEE.key() + " must be set");
            }
            if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                problems.add(KafkaOptions.TRANSACTIONAL_ID_PREFIX.key() + " must not be blank");
            }
            checkDurations(problems);
            if (maxValueBytes < 1 || maxValueBytes > 32 * 1024) {
                problems.add(
                        KafkaOptions.MAX_VALUE_BYTES.key()
                                + " ("
                                + maxValueBytes
                                + ") must be between 1 and 32768");
            }
            for (String key : clientProperties.keySet()) {
                if (OWNED_PROPERTIES.contains(key)) {
                    problems.add(
                            KafkaOptions.CLIENT_PROPERTIES_PREFIX
                                    + key
                                    + " is set by the job itself and cannot be passed through");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid Kafka configuration: " + String.join("; ", problems));
            }
            return new KafkaConfig(this);
        }

        private void checkTopics(List<String> problems) {
            if (topicNames == null) {
                problems.add("topic names must be set");
                return;
            }
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, String> topic : topicNames.byOptionKey().entrySet()) {
                String name = topic.getValue();
                if (name == null
                        || !TOPIC_NAME.matcher(name).matches()
                        || name.equals(".")
                        || name.equals("..")) {
                    problems.add(
                            topic.getKey()
                                    + " ('"
                                    + name
                                    + "') is not a legal Kafka topic name (1-249 of a-z A-Z 0-9"
                                    + " . _ -)");
                } else if (!seen.add(name)) {
                    problems.add(topic.getKey() + " ('" + name + "') names another topic too");
                }
            }
        }

        private void checkDurations(List<String> problems) {
            if (watermarkOutOfOrderness == null || watermarkOutOfOrderness.isNegative()) {
                problems.add(
                        KafkaOptions.WATERMARK_OUT_OF_ORDERNESS.key() + " must be zero or more");
            }
            if (watermarkIdleness == null || watermarkIdleness.isNegative()) {
                problems.add(KafkaOptions.WATERMARK_IDLENESS.key() + " must be zero or more");
            }
            if (transactionTimeout == null
                    || transactionTimeout.isNegative()
                    || transactionTimeout.isZero()) {
                problems.add(KafkaOptions.TRANSACTION_TIMEOUT.key() + " must be positive");
                return;
            }
            if (delivery != DeliveryMode.EXACTLY_ONCE) {
                return;
            }
            if (checkpointInterval == null
                    || checkpointInterval.isZero()
                    || checkpointInterval.isNegative()) {
                problems.add(
                        KafkaOptions.DELIVERY_GUARANTEE.key()
                                + " EXACTLY_ONCE commits at checkpoints, but checkpointing is off"
                                + " ("
                                + CheckpointingOptions.CHECKPOINTING_INTERVAL.key()
                                + " unset)");
            } else if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
                // a transaction stays open for a whole checkpoint interval (and the checkpoint's
                // own duration); if the broker aborts it first, the records in it are lost
                problems.add(
                        KafkaOptions.TRANSACTION_TIMEOUT.key()
                                + " ("
                                + transactionTimeout
                                + ") must exceed the checkpoint interval ("
                                + checkpointInterval
                                + ")");
            }
        }
    }
}
