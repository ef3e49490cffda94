package dev.slidr.feature.flink;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The Flink plumbing shared by the keyed feature stages: one core state object per key in a {@link
 * ValueState}, an event-time timer that drops it once the core says every bucket has expired, and a
 * processing-time TTL as a safety net. The feature logic itself is entirely in the core object
 * ({@link #apply}).
 *
 * <p><b>State.</b> One value per key, serialized by a {@link CoreStateSerializer}, so a click costs
 * one RocksDB read and one write. The core object is bounded by design (time buckets, capped
 * distinct sets), so the value stays a few hundred bytes whatever the key's traffic.
 *
 * <p><b>Timer.</b> Windows slide over event time, so whether a key's state still matters is an
 * event-time question: a timer at the core's {@code droppableAt()} clears it when the watermark
 * passes the end of its last retained bucket, and idle keys then cost nothing. The timer is
 * registered once, when the state is created, and re-armed lazily: when it fires on a key that has
 * seen later clicks it moves to the new {@code droppableAt()}. This keeps at most one timer per key
 * without a timer delete and insert in RocksDB on every click.
 *
 * <p><b>TTL.</b> Flink's state TTL only exists in processing time. It is a safety net for the cases
 * the timer cannot cover: a watermark that stops advancing (an idle or stopped source) and state
 * restored into a job whose event time never reaches it. It is refreshed on every write and must be
 * longer than the 24 h window, so that in live traffic (event time close to processing time) it
 * never removes state a feature still needs; replays run faster than real time, so processing time
 * passes more slowly than their event time and the TTL cannot fire early there either. Expired
 * values are never returned, and RocksDB's compaction filter drops them from disk in the
 * background.
 *
 * @param <S> the core state type
 * @param <IN> the record that enters the stage
 * @param <OUT> the record that leaves it
 */
public abstract class CoreStateFunction<S, IN, OUT> extends KeyedProcessFunction<String, IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final Duration stateTtl;
    private final long ttlCompactionQueryInterval;

    private transient ValueState<S> state;

    /**
     * @param stateTtl the processing-time TTL, longer than 24 h; {@code null} for none ({@link
     *     FeatureStateOptions#STATE_TTL_ENABLED} off: a replay)
     * @param ttlCompactionQueryInterval entries RocksDB's compaction filter checks per clock read
     */
    protected CoreStateFunction(Duration stateTtl, long ttlCompactionQueryInterval) {
        this.stateTtl = stateTtl;
        if (stateTtl != null && stateTtl.compareTo(Duration.ofHours(24)) <= 0) {
            throw new IllegalArgumentException(
                    "state TTL must exceed the 24 h feature window, was " + stateTtl);
        }
        if (ttlCompactionQueryInterval < 1) {
            throw new IllegalArgumentException(
                    "TTL compaction query interval must be positive, was "
                            + ttlCompactionQueryInterval);
        }
        this.ttlCompactionQueryInterval = ttlCompactionQueryInterval;
    }

    /** The state's descriptor: name, serializer, and the TTL this function was built with. */
    public final ValueStateDescriptor<S> stateDescriptor() {
        ValueStateDescriptor<S> descriptor =
                new ValueStateDescriptor<>(stateName(), stateSerializer());
        if (stateTtl == null) {
            return descriptor;
        }
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(stateTtl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(ttlCompactionQueryInterval)
                        // On a heap backend (a replay) Flink would otherwise visit entries on every
                        // access to expire them; the stage's own event-time timer clears the state
                        // already, and RocksDB keeps the compaction filter set above.
                        .disableCleanupInBackground()
                        .build());
        return descriptor;
    }

    /** Name of the value state; part of the savepoint layout, never change it. */
    protected abstract String stateName();

    protected abstract CoreStateSerializer<S> stateSerializer();

    /** A state for a key with no clicks. */
    protected abstract S emptyState();

    /** Adds the record to the key's state and returns what the stage emits for it. */
    protected abstract OUT apply(S state, IN record);

    /** The event time from which the state adds nothing to any feature. */
    protected abstract long droppableAt(S state);

    @Override
    public void open(OpenContext openContext) throws Exception {
        state = getRuntimeContext().getState(stateDescriptor());
    }

    @Override
    public void processElement(IN record, Context ctx, Collector<OUT> out) throws Exception {
        S current = state.value();
        boolean created = current == null;
        if (created) {
            current = emptyState();
        }
        OUT result = apply(current, record);
        state.update(current);
        if (created) {
            ctx.timerService().registerEventTimeTimer(droppableAt(current));
        }
        out.collect(result);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        S current = state.value();
        if (current == null) {
            // Already gone through TTL; nothing to drop.
            return;
        }
        long droppableAt = droppableAt(current);
        if (timestamp >= droppableAt) {
            state.clear();
        } else {
            // Later clicks moved the horizon since this timer was set.
            ctx.timerService().registerEventTimeTimer(droppableAt);
        }
    }
}
