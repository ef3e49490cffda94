package dev.slidr.job.monitor;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The live monitor: decisions joined to conversions by click id ({@link ConversionJoin}), counted
 * per slice and model version over tumbling event-time windows ({@link MonitorWindow}) and exported
 * as metrics. A branch beside the decisions' way to their sink: nothing on the decisions path waits
 * for it.
 *
 * <p>Metrics, in the group {@code slidr} / {@code monitor}, per key/value groups {@code
 * slice=<name>} and {@code model_version=<version>}, from the last window that closed: gauges
 * {@code fpr} (weak-label FPR), {@code ivr}, {@code coverage} (NaN until a window closes, or
 * without clicks); counters {@code labelled}, {@code converting}, {@code converting_invalid}.
 */
public final class LiveMonitor {

    /** Uids of the monitor's operators. */
    public static final String JOIN_UID = "slidr-monitor-join";

    /** Uid of the stateless step that keeps only what the join needs of each decision. */
    public static final String TRIM_UID = "slidr-monitor-trim";

    /** Uid of the stateless step, chained to the join, that sums its counts per window. */
    public static final String COMBINE_UID = "slidr-monitor-combine";

    public static final String WINDOW_UID = "slidr-monitor-windows";
    public static final String METRICS_UID = "slidr-monitor-metrics";
    public static final String SINK_UID = "slidr-monitor-end";

    public static final String GROUP = "monitor";
    public static final String MODEL_KEY = "model_version";
    public static final String FPR = "fpr";
    public static final String IVR = "ivr";
    public static final String COVERAGE = "coverage";
    public static final String LABELLED = "labelled";
    public static final String CONVERTING = "converting";
    public static final String CONVERTING_INVALID = "converting_invalid";

    private LiveMonitor() {}

    /**
     * Adds the monitor over {@code decisions} and {@code conversions} (both with event-time
     * watermarks).
     *
     * @param attribution how long after a click a conversion still labels it
     * @param window the span of the metric windows
     * @return the closed windows, for the rollback guard
     */
    public static DataStream<MonitorWindow> apply(
            DataStream<Decision> decisions,
            DataStream<Conversion> conversions,
            Duration attribution,
            Duration window) {
        return apply(
                decisions,
                conversions,
                attribution,
                MonitorOptions.CONVERSION_LAG.defaultValue(),
                window);
    }

    /**
     * As {@link #apply(DataStream, DataStream, Duration, Duration)}, keeping each decision {@code
     * conversionLag} longer than the attribution window for conversions that arrive late.
     */
    public static DataStream<MonitorWindow> apply(
            DataStream<Decision> decisions,
            DataStream<Conversion> conversions,
            Duration attribution,
            Duration conversionLag,
            Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "the monitor window must be positive, got " + window);
        }
        SingleOutputStreamOperator<MonitorWindow> closed =
                decisions
                        // chained to the decisions' task: the feature vector does not cross the
                        // shuffle or enter the join's RocksDB state
                        .map(ConversionJoin::forMonitor)
                        .returns(DecisionSerializer.TYPE_INFO)
                        .uid(TRIM_UID)
                        .name("monitor: what the label needs")
                        .keyBy(Decision::clickId, Types.STRING)
                        .connect(conversions.keyBy(Conversion::clickId, Types.STRING))
                        .process(new ConversionJoin(attribution, conversionLag))
                        .returns(LabelCount.TYPE_INFO)
                        .uid(JOIN_UID)
                        .name("monitor: join conversions")
                        .transform(
                                "monitor: sum per window",
                                LabelCount.TYPE_INFO,
                                new LabelCountCombiner(window))
                        .uid(COMBINE_UID)
                        .keyBy(d -> d.slice() + "\n" + d.modelVersion(), Types.STRING)
                        .window(new LabelTimeWindows(window))
                        .aggregate(
                                new MonitorWindow.Counting(),
                                new Ending(),
                                MonitorWindow.TYPE_INFO,
                                MonitorWindow.TYPE_INFO,
                                MonitorWindow.TYPE_INFO)
                        .uid(WINDOW_UID)
                        .name("monitor: windows")
                        .map(new Metrics())
                        .returns(MonitorWindow.TYPE_INFO)
                        .uid(METRICS_UID)
                        .name("monitor metrics");
        closed.sinkTo(new DiscardingSink<>()).uid(SINK_UID).name("monitor end");
        return closed;
    }

    /** Stamps a window's counts with its end. */
    static final class Ending
            extends ProcessWindowFunction<MonitorWindow, MonitorWindow, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(
                String key,
                Context context,
                Iterable<MonitorWindow> counts,
                Collector<MonitorWindow> out) {
            for (MonitorWindow w : counts) {
                out.collect(w.endingAt(context.window().getEnd()));
            }
        }
    }

    /** Exports each closed window as the metrics of its slice and model version. */
    static final class Metrics extends RichMapFunction<MonitorWindow, MonitorWindow> {
        private static final long serialVersionUID = 1L;

        private transient MetricGroup group;
        private transient Map<String, Series> series;

        @Override
        public void open(OpenContext openContext) {
            group = getRuntimeContext().getMetricGroup().addGroup("slidr").addGroup(GROUP);
            series = new HashMap<>();
        }

        @Override
        public MonitorWindow map(MonitorWindow w) {
            series.computeIfAbsent(
                            w.slice() + "\n" + w.modelVersion(),
                            k ->
                                    new Series(
                                            group.addGroup("slice", w.slice())
                                                    .addGroup(MODEL_KEY, w.modelVersion())))
                    .record(w);
            return w;
        }
    }

    /** The metrics of one slice and model version. */
    private static final class Series {
        private final Counter labelled;
        private final Counter converting;
        private final Counter convertingInvalid;
        private volatile MonitorWindow last;

        Series(MetricGroup g) {
            labelled = g.counter(LABELLED);
            converting = g.counter(CONVERTING);
            convertingInvalid = g.counter(CONVERTING_INVALID);
            g.gauge(FPR, (Gauge<Double>) () -> last == null ? Double.NaN : last.fpr());
            g.gauge(IVR, (Gauge<Double>) () -> last == null ? Double.NaN : last.ivr());
            g.gauge(COVERAGE, (Gauge<Double>) () -> last == null ? Double.NaN : last.coverage());
        }

        void record(MonitorWindow w) {
            labelled.inc(w.clicks());
            converting.inc(w.converting());
            convertingInvalid.inc(w.convertingInvalid());
            last = w;
        }
    }
}
