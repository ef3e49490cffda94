package dev.slidr.bench.run;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.training.VelocityHeuristic;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The velocity peer's only stateful stage: per user key, the clicks in the click's event-time hour
 * (kept in RocksDB), and the {@link VelocityHeuristic}'s verdict as one decision per click.
 */
final class HourlyVelocityFunction extends KeyedProcessFunction<String, Click, Decision> {

    static final String FEATURE = "user_clicks_hour";
    static final String STATE_NAME = "hour-and-count";

    /**
     * A key's count is dead an hour after its last click; TTL bounds the state as the live job's
     * does.
     */
    static final Duration STATE_TTL = Duration.ofHours(2);

    private static final long serialVersionUID = 1L;
    private static final long HOUR_MS = 3_600_000L;

    private final int k;
    private transient VelocityHeuristic rule;
    private transient ValueState<long[]> hourAndCount;

    /** A click is robotic when its key has more than {@code k} clicks in the hour. */
    HourlyVelocityFunction(int k) {
        this.k = k;
    }

    static String keyOf(Click click) {
        return click.userKey();
    }

    @Override
    public void open(OpenContext openContext) {
        rule = VelocityHeuristic.of(List.of(FEATURE), FEATURE, k);
        hourAndCount = getRuntimeContext().getState(descriptor());
    }

    /** The per-key count's state: the hour and its clicks, bounded by {@link #STATE_TTL}. */
    static ValueStateDescriptor<long[]> descriptor() {
        ValueStateDescriptor<long[]> descriptor =
                new ValueStateDescriptor<>(STATE_NAME, long[].class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
        return descriptor;
    }

    /**
     * Counts a click at event time {@code ts} into the current key's hour: one value read and
     * written. Returns the key's clicks in that hour so far.
     */
    static long count(ValueState<long[]> hourAndCount, long ts) throws Exception {
        long hour = Math.floorDiv(ts, HOUR_MS);
        long[] state = hourAndCount.value();
        if (state == null || state[0] < hour) {
            state = new long[] {hour, 0};
        }
        // a click from an earlier hour counts into the current one: an upper bound, as cheap
        state[1]++;
        hourAndCount.update(state);
        return state[1];
    }

    @Override
    public void processElement(Click click, Context ctx, Collector<Decision> out) throws Exception {
        long clicks = count(hourAndCount, click.ts());
        boolean robotic = rule.isRobotic(new float[] {clicks});
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
