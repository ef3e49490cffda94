package dev.slidr.replay;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pairs each decision with its click's advertiser id (keyed by click id), whichever of the two
 * arrives first; emits the advertiser id and the decision. The click side is only what the pair
 * needs ({@link #advertiserOf}: click id, advertiser id, click time), so the whole click, user
 * agent and all, is not serialized to this stage. A click id is decided once (dedupe), so the pair
 * is emitted once; the advertiser of a repeated click that arrives after its decision is dropped by
 * an event-time timer, so state does not grow with the clicks replayed.
 */
final class AdvertiserJoin
        extends KeyedCoProcessFunction<
                String, Decision, Tuple3<String, String, Long>, Tuple2<String, Decision>> {
    private static final long serialVersionUID = 1L;

    /** The click side's type: click id, advertiser id, click time. */
    static final TypeInformation<Tuple3<String, String, Long>> CLICK_SIDE =
            Types.TUPLE(Types.STRING, Types.STRING, Types.LONG);

    /** The click side of a parsed click. */
    static Tuple3<String, String, Long> advertiserOf(Click click) {
        return Tuple3.of(click.clickId(), click.advertiserId(), click.ts());
    }

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
    public void processElement2(
            Tuple3<String, String, Long> click,
            Context ctx,
            Collector<Tuple2<String, Decision>> out)
            throws Exception {
        Decision decision = pending.value();
        if (decision != null) {
            out.collect(Tuple2.of(click.f1, decision));
            pending.clear();
        } else if (advertiser.value() == null) {
            advertiser.update(click.f1);
            ctx.timerService().registerEventTimeTimer(click.f2 + KEEP_MILLIS);
        }
    }

    @Override
    public void onTimer(
            long timestamp, OnTimerContext ctx, Collector<Tuple2<String, Decision>> out) {
        advertiser.clear();
    }
}
