package dev.slidr.bench.run;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.inference.flink.LatencyHistogram;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The bench's floor: the live job's keyed shape with none of its work. Kafka in (the live job's
 * source and parse stage) → keyBy user → keyBy ad → keyBy IP → one decision per click to Kafka (the
 * same exactly-once sink), and beside the sink the monitor's shape: every decision keyed by click
 * id into a state of its own. Each keyed stage does what the {@link VelocityPeerJob}'s one stage
 * does (one RocksDB value read and written per click, the same TTL); there is no GIVT screen,
 * pseudonym, dedupe, feature, model, metric or timer.
 *
 * <p>Its throughput beside the peer's, in the same run, is what the live job's shape costs on its
 * own: the share of the peer's rate that a job of four keyed stages cannot pass, whatever each
 * stage does.
 *
 * <p>Like the live job, it stamps each click with the time it was read, right after the parse in
 * the source's task, and its deciding stage records the live job's processing-latency metric
 * ({@link LatencyHistogram}, read → decision produced): its latency at a fixed rate is the tail the
 * shape leaves before any of the live job's work.
 */
final class TopologyFloorJob {

    static final String USER_UID = "floor-user";
    static final String AD_UID = "floor-ad";
    static final String IP_UID = "floor-ip";
    static final String MONITOR_UID = "floor-monitor";

    private TopologyFloorJob() {}

    /** Adds the floor to {@code env}, reading and writing the topics of {@code kafka}. */
    static void build(StreamExecutionEnvironment env, KafkaConfig kafka) {
        DataStream<IngestedClick> read =
                VelocityPeerJob.clicks(env, kafka)
                        .map(click -> new IngestedClick(click, IngestedClick.nowMicros()))
                        .returns(IngestedClick.TYPE_INFO)
                        .uid("floor-read-time")
                        .name("floor: read time");
        DataStream<IngestedClick> byUser =
                counted(read, r -> r.click().userKey(), USER_UID, "floor: user stage");
        DataStream<IngestedClick> byAd =
                counted(byUser, r -> r.click().adId(), AD_UID, "floor: ad stage");
        DataStream<Decision> decisions =
                byAd.keyBy((KeySelector<IngestedClick, String>) r -> r.click().ip(), Types.STRING)
                        .process(
                                new Counting<>(
                                        r -> decisionOf(r.click()), IngestedClick::readMicros))
                        .returns(DecisionSerializer.TYPE_INFO)
                        .uid(IP_UID)
                        .name("floor: IP stage");
        decisions.sinkTo(DecisionSink.create(kafka)).uid("floor-decisions").name("decisions");
        decisions
                .keyBy((KeySelector<Decision, String>) Decision::clickId, Types.STRING)
                .process(new Counting<>(d -> d))
                .returns(DecisionSerializer.TYPE_INFO)
                .uid(MONITOR_UID)
                .name("floor: monitor stage")
                .sinkTo(new DiscardingSink<>())
                .uid("floor-monitor-end")
                .name("floor: monitor end");
    }

    private static DataStream<IngestedClick> counted(
            DataStream<IngestedClick> clicks,
            KeySelector<IngestedClick, String> key,
            String uid,
            String name) {
        return clicks.keyBy(key, Types.STRING)
                .process(new Counting<IngestedClick, IngestedClick>(c -> c))
                .returns(IngestedClick.TYPE_INFO)
                .uid(uid)
                .name(name);
    }

    /** The decision of the floor's last stage: valid, with no score and no features. */
    private static Decision decisionOf(Click click) {
        return new Decision(
                click.clickId(),
                click.ts(),
                System.currentTimeMillis(),
                false,
                Decision.Stage.NONE,
                List.of(),
                0.0,
                0.0,
                "all",
                null,
                null,
                null,
                new float[0],
                0,
                null);
    }

    /** When the job read a record, epoch microseconds ({@link IngestedClick#readMicros()}). */
    interface ReadTime<I> extends Serializable {
        long readMicros(I record);
    }

    /**
     * One keyed stage of the floor: the peer's per-click state work (a count per key and hour, one
     * value read and written, TTL as the peer's), then the record passed on. The deciding stage
     * (given a {@link ReadTime}) also records each decision's processing latency, as the live job's
     * deciding operators do.
     */
    static final class Counting<I, O> extends KeyedProcessFunction<String, I, O> {
        private static final long serialVersionUID = 1L;

        private final SerializableFunction<I, O> next;
        private final ReadTime<I> readTime;
        private transient ValueState<long[]> hourAndCount;
        private transient LatencyHistogram latency;

        /** A stage that passes records on. */
        Counting(SerializableFunction<I, O> next) {
            this(next, null);
        }

        /** A stage that decides, recording the latency from {@code readTime} to the decision. */
        Counting(SerializableFunction<I, O> next, ReadTime<I> readTime) {
            this.next = next;
            this.readTime = readTime;
        }

        @Override
        public void open(OpenContext openContext) {
            hourAndCount = getRuntimeContext().getState(HourlyVelocityFunction.descriptor());
            if (readTime != null) {
                latency = LatencyHistogram.register(getRuntimeContext().getMetricGroup());
            }
        }

        @Override
        public void processElement(I in, Context ctx, Collector<O> out) throws Exception {
            HourlyVelocityFunction.count(
                    hourAndCount, ctx.timestamp() == null ? 0 : ctx.timestamp());
            O result = next.apply(in);
            if (latency != null) {
                // as the live job's scoring operator: when the decision is made, before it is
                // handed on
                latency.recordDecision(readTime.readMicros(in), IngestedClick.nowMicros());
            }
            out.collect(result);
        }
    }
}
