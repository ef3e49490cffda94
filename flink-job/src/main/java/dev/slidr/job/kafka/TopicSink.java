package dev.slidr.job.kafka;

import org.apache.flink.connector.kafka.sink.KafkaSink;

/** Builds the Kafka sink of one topic with the job's delivery guarantee and client properties. */
final class TopicSink {

    private TopicSink() {}

    /**
     * A sink writing {@code topic}; in {@code EXACTLY_ONCE} its transactional ids start with the
     * configured prefix and {@code idSuffix}, which must differ between the sinks of one job (two
     * sinks with one prefix would fence each other's producers).
     */
    static <T> KafkaSink<T> build(Topic<T> topic, KafkaConfig config, String idSuffix) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(config.producerProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new TopicRecordSerializer<>(topic))
                .setDeliveryGuarantee(config.delivery().guarantee())
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + idSuffix)
                .build();
    }
}
