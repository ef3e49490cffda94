package dev.slidr.job.ingress;

import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Marks repeated click ids within the dedupe window as duplicate clicks; keyed by the click's user
 * key ({@link dev.slidr.contract.Click#userKey()}), the key of the user feature stage.
 *
 * <p>A repeated click carries the same user as its original, so remembering click ids per user
 * finds every duplicate the per-click-id key found, and lets this operator share its key with the
 * user feature stage: the job chains the two without a shuffle between them ({@link
 * IngressStages}).
 *
 * <p>The first occurrence goes on, unchanged, to the main output. Later occurrences go to the
 * {@link #DUPLICATES} side output with reason {@code DUPLICATE_CLICK}, never to the main output:
 * decisions are keyed by click id and billing expects exactly one per click, so a second decision
 * for the same id would supersede the first one's verdict. The side output feeds the GIVT metrics
 * and the audit trail.
 *
 * <p>State per user is a map from click id to the event time of its first occurrence. Event-time
 * timers on a grid ({@code timerGrid}, rounded up) forget the ids whose window has ended: all the
 * clicks of a user that end in one grid cell share one timer, so registering it again for the next
 * click is a no-op, which {@link ArmedTimers} lets the function skip. Forgetting late by less than
 * one grid cell changes no verdict, because {@link DuplicateClickPolicy#isDuplicate} compares event
 * times itself; it only keeps an id a little longer. A processing-time TTL per id (cleaned up by
 * RocksDB's compaction filter) bounds state when watermarks stall, e.g. on an idle partition, where
 * no event-time timer fires.
 */
public final class DuplicateClickFunction
        extends KeyedProcessFunction<String, GivtVerdict, GivtVerdict> {

    private static final long serialVersionUID = 1L;

    /** Repeated clicks, marked {@code DUPLICATE_CLICK}. */
    public static final OutputTag<GivtVerdict> DUPLICATES =
            new OutputTag<>("duplicate-clicks", TypeInformation.of(GivtVerdict.class));

    /** Name of the state holding, per user key, each click id's first event time. */
    static final String FIRST_SEEN_STATE = "first-seen-ts-by-click-id";

    private final DuplicateClickPolicy policy;

    /** The TTL of remembered ids; {@code null} where it is off (a replay). */
    private final StateTtlConfig ttl;

    private final long gridMillis;

    /** Keys whose cleanup-cell timers this subtask remembers, to skip re-registering them. */
    static final int ARMED_TIMER_SLOTS = 1 << 16;

    private transient MapState<String, Long> firstSeen;
    private transient Counter duplicates;
    private transient ArmedTimers armed;

    /**
     * @param config the dedupe window and the TTL of remembered ids
     * @param timerGrid the width of the cells cleanup timers are rounded up to (positive)
     */
    public DuplicateClickFunction(GivtConfig config, Duration timerGrid) {
        if (timerGrid == null || timerGrid.isNegative() || timerGrid.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "dedupe timer grid must be at least 1 ms, got " + timerGrid);
        }
        this.policy = config.duplicateClickPolicy();
        this.gridMillis = timerGrid.toMillis();
        this.ttl =
                config.dedupeStateTtlEnabled()
                        ? StateTtlConfig.newBuilder(config.dedupeStateTtl())
                                .updateTtlOnCreateAndWrite()
                                .neverReturnExpired()
                                .cleanupInRocksdbCompactFilter(config.ttlCompactionQueryEntries())
                                // On a heap backend Flink would otherwise walk a user's whole map
                                // of ids on every access; the cleanup timers below remove expired
                                // ids already, and RocksDB keeps the compaction filter set above.
                                .disableCleanupInBackground()
                                .build()
                        : null;
    }

    /** The state's descriptor: name, types and the TTL this function was built with. */
    MapStateDescriptor<String, Long> stateDescriptor() {
        MapStateDescriptor<String, Long> descriptor =
                new MapStateDescriptor<>(FIRST_SEEN_STATE, Types.STRING, Types.LONG);
        if (ttl != null) {
            descriptor.enableTimeToLive(ttl);
        }
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext().getMapState(stateDescriptor());
        duplicates =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("givt")
                        .counter(GivtReason.DUPLICATE_CLICK.code());
        armed = new ArmedTimers(ARMED_TIMER_SLOTS);
    }

    @Override
    public void processElement(GivtVerdict verdict, Context ctx, Collector<GivtVerdict> out)
            throws Exception {
        String clickId = verdict.click().clickId();
        long ts = verdict.click().ts();
        Long seen = firstSeen.get(clickId);
        if (policy.isDuplicate(seen, ts)) {
            duplicates.inc();
            ctx.output(
                    DUPLICATES,
                    new GivtVerdict(
                            verdict.click(), GivtReason.DUPLICATE_CLICK, verdict.readMicros()));
            return;
        }
        // an id back after its window starts a new one; the old cell's timer finds it unexpired
        firstSeen.put(clickId, ts);
        long cell = cellEnd(policy.expiresAt(ts));
        String key = ctx.getCurrentKey();
        if (armed.register(key, cell, ctx.timerService().currentWatermark())) {
            ctx.timerService().registerEventTimeTimer(cell);
        }
        out.collect(verdict);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GivtVerdict> out)
            throws Exception {
        boolean kept = false;
        for (Long first : firstSeen.values()) {
            if (policy.expiresAt(first) > timestamp) {
                kept = true;
                break;
            }
        }
        if (!kept) {
            // every id expired: drop the key's map whole. Removing the ids one by one through an
            // iterator leaves an empty map behind on the heap backend (a replay's), one per user
            // ever seen; a clear is one changelog record where the removals were one each
            firstSeen.clear();
            return;
        }
        Iterator<Map.Entry<String, Long>> entries = firstSeen.iterator();
        while (entries.hasNext()) {
            if (policy.expiresAt(entries.next().getValue()) <= timestamp) {
                entries.remove();
            }
        }
    }

    /** The end of the grid cell that holds {@code expiresAt}: the first grid point at or after. */
    private long cellEnd(long expiresAt) {
        long floor = Math.floorDiv(expiresAt, gridMillis) * gridMillis;
        if (floor == expiresAt) {
            return expiresAt;
        }
        long end = floor + gridMillis;
        // saturate for timestamps near Long.MAX_VALUE
        return end < floor ? Long.MAX_VALUE : end;
    }
}
