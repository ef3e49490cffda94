package dev.slidr.job.kafka;

import dev.slidr.contract.DeadLetter;
import dev.slidr.inference.flink.ControlRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The control topic's way into the job: a Kafka source of raw control records and the contract
 * check ({@link ControlParseFunction}), both with parallelism 1 so commands keep the order of the
 * topic's single partition.
 *
 * <pre>{@code
 * ControlIngress.Streams control = ControlIngress.apply(env, ControlIngress.source(kafka));
 * }</pre>
 */
public final class ControlIngress {

    /** Uid of the Kafka control source (its state: the partition's offset). */
    public static final String SOURCE_UID = "kafka-control-source";

    /** Uid of the control parse operator. */
    public static final String PARSE_UID = "parse-control";

    /** Valid commands, and dead letters for every other record. */
    public record Streams(DataStream<ControlRecord> commands, DataStream<DeadLetter> deadLetters) {}

    private ControlIngress() {}

    /**
     * The production control source: from the offsets the job committed, else from the end of the
     * topic, so a first start does not replay old commands over the model it was started with (a
     * restored job reads on from its checkpoint).
     */
    public static KafkaSource<RawRecord> source(KafkaConfig config) {
        return source(config, OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST));
    }

    /** A control source from {@code start}: tests read the topic from its beginning. */
    public static KafkaSource<RawRecord> source(KafkaConfig config, OffsetsInitializer start) {
        return KafkaSource.<RawRecord>builder()
                .setProperties(config.consumerProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setGroupId(config.groupId())
                .setTopics(config.topicNames().control())
                .setStartingOffsets(start)
                .setDeserializer(new RawRecordDeserializer(config.maxValueBytes()))
                .build();
    }

    /** Adds the source and the contract check to {@code env}. */
    public static Streams apply(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source) {
        SingleOutputStreamOperator<ControlRecord> commands =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "control")
                        .setParallelism(1)
                        .uid(SOURCE_UID)
                        .process(new ControlParseFunction())
                        .returns(ControlRecord.TYPE_INFO)
                        .setParallelism(1)
                        .uid(PARSE_UID)
                        .name("parse control commands");
        return new Streams(commands, commands.getSideOutput(ControlParseFunction.DEAD_LETTERS));
    }
}
