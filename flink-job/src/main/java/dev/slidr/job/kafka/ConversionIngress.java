package dev.slidr.job.kafka;

import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.inference.flink.DeadLetterSerializer;
import dev.slidr.job.monitor.ConversionSerializer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The conversions topic's way into the live monitor: a Kafka source with the clicks' watermark
 * settings (record timestamps are conversion times, quiet partitions go idle), then the contract
 * check; a record that is not a conversion becomes a dead letter.
 */
public final class ConversionIngress {

    /** Uid of the Kafka conversions source (its state: the partitions' offsets). */
    public static final String SOURCE_UID = "kafka-conversions-source";

    /** Uid of the conversion parse operator. */
    public static final String PARSE_UID = "parse-conversions";

    /** Conversions that are not valid, as dead letters. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("conversion-dead-letters", DeadLetterSerializer.TYPE_INFO);

    /** Valid conversions, and dead letters for every other record. */
    public record Streams(DataStream<Conversion> conversions, DataStream<DeadLetter> deadLetters) {}

    private ConversionIngress() {}

    /** The conversions source: the clicks' group, starting offsets and client properties. */
    public static KafkaSource<RawRecord> source(KafkaConfig config) {
        return KafkaSource.<RawRecord>builder()
                .setProperties(config.consumerProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setGroupId(config.groupId())
                .setTopics(config.topicNames().conversions())
                .setStartingOffsets(config.startingOffsets().initializer())
                .setDeserializer(new RawRecordDeserializer(config.maxValueBytes()))
                .build();
    }

    /** Adds the source and the contract check to {@code env}. */
    public static Streams apply(
            StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, KafkaConfig config) {
        return apply(env, source, ClickIngress.watermarks(config));
    }

    /** Adds the source, with event time from {@code watermarks}, and the contract check. */
    public static Streams apply(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            WatermarkStrategy<RawRecord> watermarks) {
        SingleOutputStreamOperator<Conversion> conversions =
                env.fromSource(source, watermarks, "kafka conversions")
                        .uid(SOURCE_UID)
                        .process(new Parse())
                        .returns(ConversionSerializer.TYPE_INFO)
                        .uid(PARSE_UID)
                        .name("parse conversions");
        return new Streams(conversions, conversions.getSideOutput(DEAD_LETTERS));
    }

    /** Checks each record against the conversion contract. */
    static final class Parse extends ProcessFunction<RawRecord, Conversion> {
        private static final long serialVersionUID = 1L;

        private transient ContractReader reader;
        private transient Counter parsed;
        private transient Counter rejected;

        @Override
        public void open(OpenContext openContext) {
            reader = ContractReader.defaults();
            var group = getRuntimeContext().getMetricGroup().addGroup("conversions");
            parsed = group.counter("parsed");
            rejected = group.counter("dead_letters");
        }

        @Override
        public void processElement(RawRecord raw, Context ctx, Collector<Conversion> out) {
            long now = ctx.timerService().currentProcessingTime();
            DeadLetter unreadable = raw.unreadable("a conversion", now);
            if (unreadable != null) {
                rejected.inc();
                ctx.output(DEAD_LETTERS, unreadable);
                return;
            }
            Parsed<Conversion> conversion = reader.conversion(raw.value());
            if (conversion instanceof Parsed.Rejected<Conversion> bad) {
                rejected.inc();
                ctx.output(DEAD_LETTERS, raw.rejected(bad, now));
                return;
            }
            parsed.inc();
            out.collect(conversion.value());
        }
    }
}
