package dev.slidr.replay.features;

import dev.slidr.contract.Click;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Puts a keyed stage's input back into log order. Clicks of one ad (or IP) come to its stage from
 * every subtask of the stage before, so with parallelism above 1 they arrive interleaved in any
 * order; the counters count what has arrived, so the order must be the log's, as on one machine.
 * Each click waits here, in keyed state, until the watermark passes its time, and the clicks the
 * watermark releases go on sorted by their number in the log. A watermark reaches this stage only
 * after every click the source sent before it, so when the log is in event-time order (no click
 * more than the out-of-orderness behind its file's newest) the release order is the log order.
 *
 * @param <T> the stage's input
 */
final class LogOrder<T> extends KeyedProcessFunction<String, T, T> {

    private static final long serialVersionUID = 1L;

    /** A record's click and its number in the log. */
    interface Stamps<T> extends Serializable {
        Click click(T record);

        long number(T record);
    }

    private final TypeInformation<T> type;
    private final Stamps<T> stamps;
    private transient ValueState<List<T>> waiting;
    private transient ValueState<Long> timer;

    LogOrder(TypeInformation<T> type, Stamps<T> stamps) {
        this.type = type;
        this.stamps = stamps;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("waiting", Types.LIST(type)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) throws Exception {
        // one value per key, read and written whole: a map state per click would leave a deleted
        // entry per click under the key, which RocksDB's iterator steps over at every release
        // until a compaction drops them (docs/benchmarks.md, the Flink feature pass)
        List<T> wait = waiting.value();
        if (wait == null) {
            wait = new ArrayList<>(4);
        }
        wait.add(record);
        waiting.update(wait);
        // one timer per key, at the earliest waiting time: the clicks of an ad arrive far faster
        // than watermarks, and a timer per time would go over the whole wait at every one
        long ts = stamps.click(record).ts();
        Long at = timer.value();
        if (at == null || ts < at) {
            if (at != null) {
                ctx.timerService().deleteEventTimeTimer(at);
            }
            ctx.timerService().registerEventTimeTimer(ts);
            timer.update(ts);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        long watermark = Math.max(timestamp, ctx.timerService().currentWatermark());
        List<T> wait = waiting.value();
        List<T> due = new ArrayList<>();
        List<T> later = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (T record : wait == null ? List.<T>of() : wait) {
            long ts = stamps.click(record).ts();
            if (ts <= watermark) {
                due.add(record);
            } else {
                later.add(record);
                next = Math.min(next, ts);
            }
        }
        due.sort(Comparator.comparingLong(stamps::number));
        for (T record : due) {
            out.collect(record);
        }
        if (next == Long.MAX_VALUE) {
            waiting.clear();
            timer.clear();
        } else {
            waiting.update(later);
            ctx.timerService().registerEventTimeTimer(next);
            timer.update(next);
        }
    }
}
