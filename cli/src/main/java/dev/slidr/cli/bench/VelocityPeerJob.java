package dev.slidr.cli.bench;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.training.VelocityHeuristic;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The bench's peer: the least a Flink job can do to decide clicks on the same input, the velocity
 * heuristic alone. Kafka in (the same source and parse stage as the live job) → keyBy user key →
 * clicks of the key in the click's event-time hour, in RocksDB → {@link VelocityHeuristic} → one
 * decision per click to Kafka (the same exactly-once sink). No GIVT, no pseudonymization, no
 * dedupe, no features, no model: its throughput is the ceiling the live job is compared with.
 */
final class VelocityPeerJob {

    static final String FEATURE = "user_clicks_hour";

    private VelocityPeerJob() {}

    /** Adds the peer to {@code env}, reading and writing the topics of {@code kafka}. */
    static void build(StreamExecutionEnvironment env, KafkaConfig kafka, int k) {
        ClickIngress.Streams in =
                ClickIngress.apply(
                        env,
                        ClickIngress.sourceBuilder(kafka).build(),
                        kafka,
                        ContractReader::defaults);
        in.clicks()
                .keyBy(Click::userKey, Types.STRING)
                .process(new HourlyVelocity(k))
                .returns(DecisionSerializer.TYPE_INFO)
                .uid("peer-velocity")
                .name("velocity heuristic")
                .sinkTo(DecisionSink.create(kafka))
                .uid("peer-decisions")
                .name("decisions");
    }

    /** Clicks of a key in the current event-time hour, and the heuristic's verdict. */
    static final class HourlyVelocity extends KeyedProcessFunction<String, Click, Decision> {

        private static final long serialVersionUID = 1L;
        private static final long HOUR_MS = 3_600_000L;

        private final int k;
        private transient VelocityHeuristic rule;
        private transient ValueState<long[]> hourAndCount;

        HourlyVelocity(int k) {
            this.k = k;
        }

        @Override
        public void open(OpenContext openContext) {
            rule = VelocityHeuristic.of(List.of(FEATURE), FEATURE, k);
            ValueStateDescriptor<long[]> descriptor =
                    new ValueStateDescriptor<>("hour-and-count", long[].class);
            // a key's count is dead an hour after its last click; TTL bounds the state as the
            // live job's does
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(2)).build());
            hourAndCount = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(Click click, Context ctx, Collector<Decision> out)
                throws Exception {
            long hour = Math.floorDiv(click.ts(), HOUR_MS);
            long[] state = hourAndCount.value();
            if (state == null || state[0] < hour) {
                state = new long[] {hour, 0};
            }
            // a click from an earlier hour counts into the current one: an upper bound, as cheap
            state[1]++;
            hourAndCount.update(state);
            boolean robotic = rule.isRobotic(new float[] {state[1]});
            out.collect(
                    new Decision(
                            click.clickId(),
                            click.ts(),
                            ctx.timerService().currentProcessingTime(),
                            robotic,
                            robotic ? Decision.Stage.SIVT : Decision.Stage.NONE,
                            robotic ? List.of("velocity") : List.of(),
                            robotic ? 1.0 : 0.0,
                            k,
                            "all",
                            null,
                            null,
                            null,
                            new float[0],
                            0,
                            null));
        }
    }
}
