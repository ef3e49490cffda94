package dev.slidr.replay;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pairs each decision with its click's advertiser id (keyed by click id), whichever of the two
 * arrives first; emits the advertiser id and the decision. A click id is decided once (dedupe), so
 * the pair is emitted once; the advertiser of a repeated click that arrives after its decision is
 * dropped by an event-time timer, so state does not grow with the clicks replayed.
 */
final class AdvertiserJoin
        extends KeyedCoProcessFunction<String, Decision, Click, Tuple2<String, Decision>> {
    private static final long serialVersionUID = 1L;

    /** How long, in event time, a click's advertiser waits for its decision. */
    static final long KEEP_MILLIS = 24 * 3_600_000L;

    private transient ValueState<String> advertiser;
    private transient ValueState<Decision> pending;

    @Override
    public void open(OpenContext context) {
        advertiser =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("advertiser", Types.STRING));
        pending =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending", DecisionSerializer.TYPE_INFO));
    }

    @Override
    public void processElement1(
            Decision decision, Context ctx, Collector<Tuple2<String, Decision>> out)
            throws Exception {
        String id = advertiser.value();
        if (id == null) {
            pending.update(decision);
            return;
        }
        out.collect(Tuple2.of(id, decision));
        advertiser.clear();
    }

    @Override
    public void processElement2(Click click, Context ctx, Collector<Tuple2<String, Decision>> out)
            throws Exception {
        Decision decision = pending.value();
        if (decision != null) {
            out.collect(Tuple2.of(click.advertiserId(), decision));
            pending.clear();
        } else if (advertiser.value() == null) {
            advertiser.update(click.advertiserId());
            ctx.timerService().registerEventTimeTimer(click.ts() + KEEP_MILLIS);
        }
    }

    @Override
    public void onTimer(
            long timestamp, OnTimerContext ctx, Collector<Tuple2<String, Decision>> out) {
        advertiser.clear();
    }
}
