package dev.slidr.bench.run;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.ClickSerializer;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
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
 */
final class TopologyFloorJob {

    static final String USER_UID = "floor-user";
    static final String AD_UID = "floor-ad";
    static final String IP_UID = "floor-ip";
    static final String MONITOR_UID = "floor-monitor";

    private TopologyFloorJob() {}

    /** Adds the floor to {@code env}, reading and writing the topics of {@code kafka}. */
    static void build(StreamExecutionEnvironment env, KafkaConfig kafka) {
        DataStream<Click> byUser =
                counted(
                        VelocityPeerJob.clicks(env, kafka),
                        Click::userKey,
                        USER_UID,
                        "floor: user stage");
        DataStream<Click> byAd = counted(byUser, Click::adId, AD_UID, "floor: ad stage");
        DataStream<Decision> decisions =
                byAd.keyBy((KeySelector<Click, String>) Click::ip, Types.STRING)
                        .process(new Counting<>(TopologyFloorJob::decisionOf))
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

    private static DataStream<Click> counted(
            DataStream<Click> clicks, KeySelector<Click, String> key, String uid, String name) {
        return clicks.keyBy(key, Types.STRING)
                .process(new Counting<Click, Click>(c -> c))
                .returns(ClickSerializer.TYPE_INFO)
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

    /**
     * One keyed stage of the floor: the peer's per-click state work (a count per key and hour, one
     * value read and written, TTL as the peer's), then the record passed on.
     */
    static final class Counting<I, O> extends KeyedProcessFunction<String, I, O> {
        private static final long serialVersionUID = 1L;

        private final SerializableFunction<I, O> next;
        private transient ValueState<long[]> hourAndCount;

        Counting(SerializableFunction<I, O> next) {
            this.next = next;
        }

        @Override
        public void open(OpenContext openContext) {
            hourAndCount = getRuntimeContext().getState(HourlyVelocityFunction.descriptor());
        }

        @Override
        public void processElement(I in, Context ctx, Collector<O> out) throws Exception {
            HourlyVelocityFunction.count(
                    hourAndCount, ctx.timestamp() == null ? 0 : ctx.timestamp());
            out.collect(next.apply(in));
        }
    }
}
