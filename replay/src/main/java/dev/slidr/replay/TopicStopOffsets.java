package dev.slidr.replay;

import dev.slidr.job.kafka.KafkaConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a bounded read of the clicks topic stops: per partition, the first committed click record
 * stamped at or after a time, else the committed end.
 *
 * <p>The broker's offset-for-time lookup cannot be used alone: transaction markers carry the time
 * they were written, so on a topic written in transactions (or back-filled) the lookup can answer
 * with a marker that precedes committed clicks of the window, and the read would stop early. The
 * lookup's answer is only where the scan for the first real record starts.
 */
final class TopicStopOffsets {

    private TopicStopOffsets() {}

    static Map<TopicPartition, Long> find(KafkaConfig kafka, long stopAtMillis) {
        Properties props = new Properties();
        props.putAll(kafka.consumerProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        String topic = kafka.topicNames().clicks();
        try {
            return find(props, topic, stopAtMillis);
        } catch (AuthenticationException e) {
            throw ReplayException.refused(kafka, e);
        }
    }

    private static Map<TopicPartition, Long> find(
            Properties props, String topic, long stopAtMillis) {
        Map<TopicPartition, Long> stops = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new ReplayException("the clicks topic " + topic + " does not exist");
            }
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, stopAtMillis));
            Map<TopicPartition, OffsetAndTimestamp> candidates = consumer.offsetsForTimes(query);
            // read_committed: the end is the last stable offset
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                OffsetAndTimestamp candidate = candidates.get(tp);
                stops.put(
                        tp,
                        candidate == null || candidate.offset() >= end
                                ? end
                                : scan(consumer, tp, candidate.offset(), end, stopAtMillis));
            }
        }
        return stops;
    }

    /** The first committed record from {@code from} stamped at or after the time, else the end. */
    private static long scan(
            KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition tp,
            long from,
            long end,
            long stopAtMillis) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        while (consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() >= end) {
                    return end;
                }
                if (r.timestamp() >= stopAtMillis) {
                    return r.offset();
                }
            }
        }
        return end;
    }
}
