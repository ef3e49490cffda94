package dev.slidr.job.ingress;

import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Marks repeated click ids within the dedupe window as duplicate clicks; keyed by click id.
 *
 * <p>The first occurrence goes on, unchanged, to the main output. Later occurrences go to the
 * {@link #DUPLICATES} side output with reason {@code DUPLICATE_CLICK}, never to the main output:
 * decisions are keyed by click id and billing expects exactly one per click, so a second decision
 * for the same id would supersede the first one's verdict. The side output feeds the GIVT metrics
 * and the audit trail.
 *
 * <p>State per click id is the event time of its first occurrence. An event-time timer at the end
 * of the window clears it; a processing-time TTL (cleaned up by RocksDB's compaction filter) bounds
 * state when watermarks stall, e.g. on an idle partition.
 */
public final class DuplicateClickFunction
        extends KeyedProcessFunction<String, GivtVerdict, GivtVerdict> {

    private static final long serialVersionUID = 1L;

    /** Repeated clicks, marked {@code DUPLICATE_CLICK}. */
    public static final OutputTag<GivtVerdict> DUPLICATES =
            new OutputTag<>("duplicate-clicks", TypeInformation.of(GivtVerdict.class));

    /** Name of the state holding a click id's first event time. */
    static final String FIRST_SEEN_STATE = "first-seen-ts";

    private final DuplicateClickPolicy policy;
    private final StateTtlConfig ttl;

    private transient ValueState<Long> firstSeen;
    private transient Counter duplicates;

    public DuplicateClickFunction(GivtConfig config) {
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
                new ValueStateDescriptor<>(FIRST_SEEN_STATE, Types.LONG);
        descriptor.enableTimeToLive(ttl);
        firstSeen = getRuntimeContext().getState(descriptor);
        duplicates =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("givt")
                        .counter(GivtReason.DUPLICATE_CLICK.code());
    }

    @Override
    public void processElement(GivtVerdict verdict, Context ctx, Collector<GivtVerdict> out)
            throws Exception {
        long ts = verdict.click().ts();
        Long seen = firstSeen.value();
        if (policy.isDuplicate(seen, ts)) {
            duplicates.inc();
            ctx.output(
                    DUPLICATES,
                    new GivtVerdict(
                            verdict.click(), GivtReason.DUPLICATE_CLICK, verdict.readMicros()));
            return;
        }
        if (seen != null) {
            // the id came back after its window: the old window's timer must not clear the new one
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
