package dev.slidr.job.kafka;

import dev.slidr.contract.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * The dead-letter edge: DeadLetter JSON keyed by the source coordinates ({@code
 * topic/partition/offset}), with the same delivery guarantee as the decisions, so that a restart
 * neither loses nor (in {@code EXACTLY_ONCE}) repeats a dead letter.
 *
 * <pre>{@code
 * DeadLetterSink.attach(ingress.deadLetters(), kafkaConfig);
 * }</pre>
 */
public final class DeadLetterSink {

    /** Uid of the sink operator. */
    public static final String UID = "kafka-dead-letters-sink";

    private DeadLetterSink() {}

    /** The Kafka sink of the dead-letter topic. */
    public static KafkaSink<DeadLetter> create(KafkaConfig config) {
        return TopicSink.build(
                Topics.of(config.topicNames()).deadLetters(), config, "dead-letters");
    }

    /** Writes {@code deadLetters} to the dead-letter topic. */
    public static DataStreamSink<DeadLetter> attach(
            DataStream<DeadLetter> deadLetters, KafkaConfig config) {
        return deadLetters.sinkTo(create(config)).uid(UID).name("kafka dead letters");
    }
}
