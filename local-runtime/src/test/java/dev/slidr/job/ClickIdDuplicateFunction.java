package dev.slidr.job;

import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The dedupe stage of release 0.1.0, kept to build that release's job graph in upgrade tests: keyed
 * by click id, the first event time per id in a {@code ValueState} named {@code first-seen-ts}, one
 * event-time timer per id at the end of its window, a processing-time TTL.
 */
final class ClickIdDuplicateFunction
        extends KeyedProcessFunction<String, GivtVerdict, GivtVerdict> {

    private static final long serialVersionUID = 1L;

    /** Repeated clicks, marked {@code DUPLICATE_CLICK}. */
    static final OutputTag<GivtVerdict> DUPLICATES =
            new OutputTag<>("duplicate-clicks", TypeInformation.of(GivtVerdict.class));

    private final DuplicateClickPolicy policy;
    private final StateTtlConfig ttl;

    private transient ValueState<Long> firstSeen;

    ClickIdDuplicateFunction(GivtConfig config) {
        this.policy = config.duplicateClickPolicy();
        this.ttl =
                StateTtlConfig.newBuilder(config.dedupeStateTtl())
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .cleanupInRocksdbCompactFilter(config.ttlCompactionQueryEntries())
                        .build();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Long> descriptor =
                new ValueStateDescriptor<>("first-seen-ts", Types.LONG);
        descriptor.enableTimeToLive(ttl);
        firstSeen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(GivtVerdict verdict, Context ctx, Collector<GivtVerdict> out)
            throws Exception {
        long ts = verdict.click().ts();
        Long seen = firstSeen.value();
        if (policy.isDuplicate(seen, ts)) {
            ctx.output(
                    DUPLICATES,
                    new GivtVerdict(
                            verdict.click(), GivtReason.DUPLICATE_CLICK, verdict.readMicros()));
            return;
        }
        if (seen != null) {
            ctx.timerService().deleteEventTimeTimer(policy.expiresAt(seen));
        }
        firstSeen.update(ts);
        ctx.timerService().registerEventTimeTimer(policy.expiresAt(ts));
        out.collect(verdict);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GivtVerdict> out)
            throws Exception {
        Long seen = firstSeen.value();
        if (seen != null && policy.expiresAt(seen) <= timestamp) {
            firstSeen.clear();
        }
    }
}
