package dev.slidr.job.kafka;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.ParseLimits;
import dev.slidr.feature.flink.ClickSerializer;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The click edge of the job: a Kafka source of raw records with per-partition watermarks, then
 * {@link ClickParseFunction}. The live job uses the unbounded source; replay and tests bound the
 * same builder ({@code setBounded(...)}) and plug it into the same topology.
 *
 * <pre>{@code
 * KafkaSource<RawRecord> source = ClickIngress.sourceBuilder(kafka).build();
 * ClickIngress.Streams in = ClickIngress.apply(env, source, kafka, ContractReader::defaults);
 * DeadLetterSink.attach(in.deadLetters(), kafka);
 * }</pre>
 */
public final class ClickIngress {

    /** Uid of the Kafka clicks source (its state: the partitions' offsets). */
    public static final String SOURCE_UID = "kafka-clicks-source";

    /** Uid of the parse operator. */
    public static final String PARSE_UID = "parse-clicks";

    /** Valid clicks, and dead letters for every other record. */
    public record Streams(DataStream<Click> clicks, DataStream<DeadLetter> deadLetters) {}

    private ClickIngress() {}

    /**
     * A source builder for the clicks topic: read_committed, the configured group and starting
     * offsets and the pass-through client properties; unbounded until a caller bounds it.
     */
    public static KafkaSourceBuilder<RawRecord> sourceBuilder(KafkaConfig config) {
        return KafkaSource.<RawRecord>builder()
                .setProperties(config.consumerProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setGroupId(config.groupId())
                .setTopics(config.topicNames().clicks())
                .setStartingOffsets(config.startingOffsets().initializer())
                .setDeserializer(new RawRecordDeserializer(config.maxValueBytes()));
    }

    /**
     * Watermarks per Kafka partition from the record timestamps (producers set them to the click
     * time), bounded out-of-orderness, and idleness so a quiet partition does not stall event time.
     * A record stamped at or after the contract's latest plausible timestamp ({@link
     * ParseLimits#DEFAULT_MAX_TIMESTAMP}, 2100-01-01) does not move the watermark ({@link
     * PlausibleWatermarks}).
     */
    public static WatermarkStrategy<RawRecord> watermarks(KafkaConfig config) {
        Duration outOfOrderness = config.watermarkOutOfOrderness();
        long maxTimestamp = ParseLimits.DEFAULT_MAX_TIMESTAMP.toEpochMilli();
        WatermarkStrategy<RawRecord> strategy =
                WatermarkStrategy.<RawRecord>forGenerator(
                                ctx ->
                                        new PlausibleWatermarks<>(
                                                new BoundedOutOfOrdernessWatermarks<>(
                                                        outOfOrderness),
                                                maxTimestamp))
                        .withTimestampAssigner((raw, kafkaTs) -> raw.timestamp());
        return config.watermarkIdleness().isZero()
                ? strategy
                : strategy.withIdleness(config.watermarkIdleness());
    }

    /** Adds the source and the parse operator to {@code env}. */
    public static Streams apply(
            StreamExecutionEnvironment env,
            KafkaSource<RawRecord> source,
            KafkaConfig config,
            SerializableSupplier<ContractReader> readers) {
        SingleOutputStreamOperator<Click> clicks =
                env.fromSource(source, watermarks(config), "kafka clicks")
                        .uid(SOURCE_UID)
                        .process(new ClickParseFunction(readers))
                        .returns(ClickSerializer.TYPE_INFO)
                        .uid(PARSE_UID)
                        .name("parse clicks");
        return new Streams(clicks, clicks.getSideOutput(ClickParseFunction.DEAD_LETTERS));
    }
}
