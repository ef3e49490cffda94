package dev.slidr.replay;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A bounded read of the decisions topic: committed records only ({@code read_committed}), no
 * consumer group and no offset commits, from the records stamped at or after a window's start less
 * {@link #START_SLACK} up to the end offsets taken when the read starts. Malformed records become
 * dead letters naming the topic, partition and offset. The replay's baseline and the review queue
 * both read the topic through it; the review queue reads the corrections topic, whose records are
 * decisions too, through {@link #corrections}.
 *
 * <pre>{@code
 * DecisionsTopicReader reader =
 *         new DecisionsTopicReader(DecisionsTopicReader.kafkaConfig(conf), listener);
 * long records = reader.read(from, decisions::add, deadLetters::add);
 * }</pre>
 */
public final class DecisionsTopicReader {

    /**
     * How long before the window's start the read begins. A decisions record is stamped when the
     * job writes it (the producer's clock, {@code TopicRecordSerializer}), which is after the
     * click's event time unless the click's producer runs ahead of the job's clock; this covers
     * such skew (and the one-hour margin replay reads the clicks topic with). A click stamped more
     * than this ahead of the job's clock would be missed.
     */
    public static final Duration START_SLACK = Duration.ofHours(1);

    /**
     * How long one metadata or offset request waits for the brokers, unless the client properties
     * set {@code default.api.timeout.ms} ({@code slidr.kafka.properties.default.api.timeout.ms}).
     */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(30);

    /** The topic read does not exist on the brokers that answered. */
    public static final class NoSuchTopicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSuchTopicException(String message) {
            super(message);
        }
    }

    private final KafkaConfig kafka;
    private final String topic;
    private final String role;
    private final String topicOption;
    private final ReplayListener listener;

    /** A reader of the decisions topic of {@code kafka} that reports its progress to listener. */
    public DecisionsTopicReader(KafkaConfig kafka, ReplayListener listener) {
        this(
                kafka,
                kafka.topicNames().decisions(),
                "decisions",
                KafkaOptions.DECISIONS_TOPIC.key(),
                listener);
    }

    private DecisionsTopicReader(
            KafkaConfig kafka,
            String topic,
            String role,
            String topicOption,
            ReplayListener listener) {
        this.kafka = kafka;
        this.topic = topic;
        this.role = role;
        this.topicOption = topicOption;
        this.listener = listener == null ? ReplayListener.SILENT : listener;
    }

    /**
     * A reader of the corrections topic {@code topic} (see {@link #correctionsTopic}) on the
     * brokers of {@code kafka}: corrections are decisions records, read the same way.
     */
    public static DecisionsTopicReader corrections(
            KafkaConfig kafka, String topic, ReplayListener listener) {
        return new DecisionsTopicReader(
                kafka, topic, "corrections", KafkaOptions.CORRECTIONS_TOPIC.key(), listener);
    }

    /**
     * The corrections topic of a job configuration ({@code slidr.kafka.topics.corrections}), which
     * the Kafka settings do not carry since the job itself never writes it.
     *
     * @throws ReplayException one line, when the name is not a legal topic name
     */
    public static String correctionsTopic(Configuration jobConfiguration) {
        String name = jobConfiguration.get(KafkaOptions.CORRECTIONS_TOPIC);
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            throw new ReplayException(
                    "invalid " + KafkaOptions.CORRECTIONS_TOPIC.key() + ": " + e.getMessage(), e);
        }
        return name;
    }

    /**
     * The Kafka settings of a job configuration, as replay reads them.
     *
     * @throws ReplayException one line naming the invalid settings
     */
    public static KafkaConfig kafkaConfig(Configuration jobConfiguration) {
        return ReplayRun.kafkaConfig(jobConfiguration);
    }

    /** The topic this reader reads. */
    public String topic() {
        return topic;
    }

    /**
     * Reads every committed record of the topic stamped at or after {@code from} less {@link
     * #START_SLACK} (and whatever follows it in its partition), up to the end offsets of the start.
     * A decision of a click whose event time is at or after {@code from} is never written before
     * {@code from} less the slack, so none of them is skipped; decisions of earlier clicks may
     * still come, and are the caller's to drop.
     *
     * @param decisions receives each decision, in partition order
     * @param deadLetters receives each record that is not a decision
     * @return the records read, decisions and dead letters
     * @throws NoSuchTopicException when the topic does not exist
     * @throws ReplayException one line, when the brokers do not answer or refuse the client
     */
    public long read(Instant from, Consumer<Decision> decisions, Consumer<DeadLetter> deadLetters) {
        Properties props = new Properties();
        props.putAll(kafka.consumerProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // no group: nothing is committed, and no group coordinator is needed
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // a reader never creates the topic it was asked to read
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putIfAbsent(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(DEFAULT_API_TIMEOUT.toMillis()));
        try {
            return read(props, from, decisions, deadLetters);
        } catch (TimeoutException e) {
            throw new ReplayException(
                    "no Kafka broker answered at "
                            + kafka.bootstrapServers()
                            + " within "
                            + props.getProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)
                            + " ms while reading the "
                            + role
                            + " topic "
                            + topic()
                            + " ("
                            + KafkaOptions.BOOTSTRAP_SERVERS.key()
                            + "; the wait is "
                            + KafkaOptions.CLIENT_PROPERTIES_PREFIX
                            + ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG
                            + ")",
                    e);
        } catch (AuthenticationException e) {
            throw ReplayException.refused(kafka, e);
        } catch (KafkaException e) {
            throw new ReplayException(
                    "reading the "
                            + role
                            + " topic "
                            + topic()
                            + " at "
                            + kafka.bootstrapServers()
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    private long read(
            Properties props,
            Instant from,
            Consumer<Decision> decisions,
            Consumer<DeadLetter> deadLetters) {
        long now = System.currentTimeMillis();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new NoSuchTopicException(
                        "the "
                                + role
                                + " topic "
                                + topic
                                + " does not exist at "
                                + kafka.bootstrapServers()
                                + " ("
                                + topicOption
                                + ")");
            }
            consumer.assign(partitions);
            // read_committed: the end offset is the last stable offset
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, from, end);
            long total = 0;
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, start.get(tp));
                total += end.get(tp) - start.get(tp);
            }
            long records = 0;
            // the end offset counts transaction markers: stop on the position, not on a record
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        // written after the read began: the next read's
                        continue;
                    }
                    records++;
                    byte[] bytes = r.value() == null ? new byte[0] : r.value();
                    Parsed<Decision> parsed = ContractJson.readDecision(bytes);
                    if (parsed instanceof Parsed.Ok<Decision> ok) {
                        decisions.accept(ok.value());
                    } else {
                        deadLetters.accept(
                                DeadLetter.of(
                                        bytes,
                                        (Parsed.Rejected<?>) parsed,
                                        topic,
                                        r.partition(),
                                        r.offset(),
                                        now));
                    }
                }
                listener.progress(passed(consumer, partitions, start, end), total);
            }
            listener.progress(total, total);
            return records;
        }
    }

    /**
     * Per partition, the first offset stamped at or after {@code from} less the slack; the end when
     * no record is stamped so late.
     */
    private static Map<TopicPartition, Long> startOffsets(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Instant from,
            Map<TopicPartition, Long> end) {
        // the broker refuses a negative time: a window near the epoch reads from the beginning
        long startAt = Math.max(0, from.minus(START_SLACK).toEpochMilli());
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, startAt));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            start.put(tp, at == null ? end.get(tp) : Math.min(at.offset(), end.get(tp)));
        }
        return start;
    }

    /** Offsets passed so far, of all partitions. */
    private static long passed(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> end) {
        long passed = 0;
        for (TopicPartition tp : partitions) {
            passed += Math.min(consumer.position(tp), end.get(tp)) - start.get(tp);
        }
        return passed;
    }
}
