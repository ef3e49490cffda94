package dev.slidr.job.monitor;

import java.time.Duration;
import java.util.Collection;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.assigners.WindowStagger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows over each {@link LabelCount}'s label time rather than its record's
 * timestamp: the join emits a click's counts when its decision or conversion arrives, at those
 * records' own times, and they belong to the window of the click's event time plus the attribution
 * window. Flink's own tumbling windows do the rest (the same windows, trigger and window serializer
 * as {@link TumblingEventTimeWindows#of(Duration)}, so the windows' state restores across the
 * change).
 */
final class LabelTimeWindows extends TumblingEventTimeWindows {

    private static final long serialVersionUID = 1L;

    LabelTimeWindows(Duration size) {
        super(size.toMillis(), 0, WindowStagger.ALIGNED);
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssigner.WindowAssignerContext context) {
        return super.assignWindows(element, ((LabelCount) element).labelTs(), context);
    }

    @Override
    public String toString() {
        return "LabelTimeWindows(" + super.toString() + ")";
    }
}
