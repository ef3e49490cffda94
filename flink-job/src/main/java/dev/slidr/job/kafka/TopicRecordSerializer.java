package dev.slidr.job.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes records of one {@link Topic} with the topic's own key and value serializers. */
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
                topic.name(), null, timestamp, topic.keyOf(element), topic.valueOf(element));
    }
}
