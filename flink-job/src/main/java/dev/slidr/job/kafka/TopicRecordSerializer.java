package dev.slidr.job.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records of one {@link Topic} with the topic's own key and value serializers.
 *
 * <p>The Kafka timestamp is left to the producer (the time of writing), not the element's event
 * time: a replay of old clicks would otherwise write records already past the topic's time
 * retention, which the broker deletes at its next retention check.
 */
final class TopicRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Topic<T> topic;

    TopicRecordSerializer(Topic<T> topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic.name(), null, null, topic.keyOf(element), topic.valueOf(element));
    }
}
