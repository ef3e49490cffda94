package dev.slidr.job.kafka;

import dev.slidr.contract.Decision;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * The decisions edge: Decision JSON keyed by click id. In {@code EXACTLY_ONCE} each checkpoint
 * commits one Kafka transaction per subtask, so {@code read_committed} consumers see each decision
 * once, at the checkpoint after it was made; in {@code AT_LEAST_ONCE} decisions are visible at once
 * and a restart may repeat some, which consumers collapse by click id.
 *
 * <pre>{@code
 * DecisionSink.attach(decisions, kafkaConfig);
 * }</pre>
 */
public final class DecisionSink {

    /** Uid of the sink operator (its state: the transactions to commit). */
    public static final String UID = "kafka-decisions-sink";

    private DecisionSink() {}

    /** The Kafka sink of the decisions topic. */
    public static KafkaSink<Decision> create(KafkaConfig config) {
        return TopicSink.build(Topics.of(config.topicNames()).decisions(), config, "decisions");
    }

    /** Writes {@code decisions} to the decisions topic. */
    public static DataStreamSink<Decision> attach(
            DataStream<Decision> decisions, KafkaConfig config) {
        return decisions.sinkTo(create(config)).uid(UID).name("kafka decisions");
    }
}
