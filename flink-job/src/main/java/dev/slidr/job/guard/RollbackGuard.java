package dev.slidr.job.guard;

import dev.slidr.job.monitor.ConversionJoin;
import dev.slidr.job.monitor.MonitorWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback guard: one operator at parallelism 1 after the live monitor's windows. It follows
 * which model decides most clicks in each closed window; when that changes, the new model is an
 * activation, and the one before it the rollback target. Each time the watermark closes a window,
 * it judges the active model's last {@link GuardConfig#windows()} windows per slice against the
 * previous model's last windows before the activation ({@link GuardRules}), then every slice's
 * counts added up (the slice {@value #ALL_SLICES}), so that a model bad everywhere is caught where
 * the traffic is spread too thin for any one slice to reach the least evidence; when a rule fires,
 * it hands an {@link AutoRollback} effective at that window's end to its {@link RollbackAction}.
 *
 * <p>Hysteresis: an activation is judged until it fires once (rolled back, or only alerted when the
 * target is refused), never again; the model it rolled back to is never judged as an activation; a
 * rule needs its least evidence ({@link GuardConfig#minClicks()}, {@link
 * GuardConfig#minLabelled()}) first; the first model the guard sees has nothing before it and is
 * not judged. A rollback that could not be done now (registry or broker unreachable) is tried again
 * at the next window. All of it is keyed state under one key, checkpointed.
 *
 * <p>Metrics in the group {@code slidr} / {@code guard}: gauges {@code state} ({@link #WATCHING},
 * {@link #JUDGING}, {@link #ROLLED_BACK}, {@link #ALERTED}), {@code last_reason} (text) and {@code
 * last_fired_ts}; counters {@code judged} (closed windows at which an activation was judged),
 * {@code fired}, {@code refused} and {@code failures}. Each event is also a log line and a record
 * of the operator's output (one line of text).
 */
public final class RollbackGuard extends KeyedProcessFunction<String, MonitorWindow, String> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RollbackGuard.class);

    /** Uid of the guard operator and of its end. */
    public static final String UID = "slidr-rollback-guard";

    public static final String SINK_UID = "slidr-rollback-guard-end";

    /** The one key all windows go to. */
    public static final String KEY = "guard";

    public static final String GROUP = "guard";

    /** The slice name in a reason judged over every slice's clicks together. */
    public static final String ALL_SLICES = "all";

    /** State gauge: no activation to judge (the first model, or the one rolled back to). */
    public static final int WATCHING = 0;

    /** State gauge: an activation is being judged. */
    public static final int JUDGING = 1;

    /** State gauge: the guard rolled the last activation back. */
    public static final int ROLLED_BACK = 2;

    /** State gauge: a rule fired but the target was refused; only an alert. */
    public static final int ALERTED = 3;

    private final GuardConfig config;
    private final long windowMillis;
    private final RollbackAction action;

    private transient ListState<MonitorWindow> windows;
    private transient ValueState<String> active;
    private transient ValueState<String> previous;
    private transient ValueState<Long> activationEnd;
    private transient ValueState<String> handled;
    private transient ValueState<String> rolledBackTo;
    private transient ValueState<Integer> status;
    private transient Counter fired;
    private transient Counter refused;
    private transient Counter failures;
    private transient Counter judged;
    private transient volatile int stateGauge;
    private transient volatile String lastReason;
    private transient volatile long lastFiredTs;
    private transient int keptWindows;

    /**
     * @param window the span of the monitor windows
     */
    public RollbackGuard(GuardConfig config, Duration window, RollbackAction action) {
        this.config = Objects.requireNonNull(config, "config");
        this.windowMillis = window.toMillis();
        this.action = Objects.requireNonNull(action, "action");
    }

    /** Adds the guard, at parallelism 1, after the monitor's closed windows. */
    public static SingleOutputStreamOperator<String> apply(
            DataStream<MonitorWindow> closedWindows,
            GuardConfig config,
            Duration window,
            RollbackAction action) {
        SingleOutputStreamOperator<String> events =
                closedWindows
                        .keyBy(w -> KEY, Types.STRING)
                        .process(new RollbackGuard(config, window, action))
                        .returns(Types.STRING)
                        .setParallelism(1)
                        .setMaxParallelism(1)
                        .uid(UID)
                        .name("rollback guard");
        events.sinkTo(new DiscardingSink<>())
                .setParallelism(1)
                .uid(SINK_UID)
                .name("rollback guard end");
        return events;
    }

    @Override
    public void open(OpenContext openContext) {
        windows =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "guard-windows", MonitorWindow.TYPE_INFO));
        active = value("guard-active");
        previous = value("guard-previous");
        handled = value("guard-handled");
        rolledBackTo = value("guard-rolled-back-to");
        activationEnd =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("guard-activation-end", Types.LONG));
        status =
                getRuntimeContext().getState(new ValueStateDescriptor<>("guard-status", Types.INT));
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("slidr").addGroup(GROUP);
        fired = group.counter("fired");
        refused = group.counter("refused");
        failures = group.counter("failures");
        judged = group.counter("judged");
        lastReason = "";
        group.gauge("state", (Gauge<Integer>) () -> stateGauge);
        group.gauge("last_reason", (Gauge<String>) () -> lastReason);
        group.gauge("last_fired_ts", (Gauge<Long>) () -> lastFiredTs);
    }

    private ValueState<String> value(String name) {
        return getRuntimeContext().getState(new ValueStateDescriptor<>(name, Types.STRING));
    }

    @Override
    public void processElement(MonitorWindow w, Context ctx, Collector<String> out)
            throws Exception {
        if (w.modelVersion().equals(ConversionJoin.NO_MODEL) || w.clicks() == 0) {
            // GIVT decisions name no model: nothing to judge or roll back
            return;
        }
        // every window counts towards which model decides most; the baseline is picked at the
        // timer (keep), where the replaced model's clicks after its replacement are left out
        windows.add(w);
        ctx.timerService().registerEventTimeTimer(w.windowEnd() - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
            throws Exception {
        long end = timestamp + 1;
        List<MonitorWindow> all = new ArrayList<>();
        windows.get().forEach(all::add);
        Map<String, Long> clicksByVersion = new TreeMap<>();
        for (MonitorWindow w : all) {
            if (w.windowEnd() == end) {
                clicksByVersion.merge(w.modelVersion(), w.clicks(), Long::sum);
            }
        }
        if (clicksByVersion.isEmpty()) {
            return;
        }
        String dominant =
                clicksByVersion.entrySet().stream()
                        .max(Map.Entry.<String, Long>comparingByValue())
                        .orElseThrow()
                        .getKey();
        String current = active.value();
        if (current == null) {
            active.update(dominant);
            activationEnd.update(end);
            setStatus(WATCHING);
            LOG.info("rollback guard: model {} is the first model it sees", dominant);
        } else if (!dominant.equals(current)) {
            previous.update(current);
            active.update(dominant);
            activationEnd.update(end);
            boolean toJudge = !dominant.equals(rolledBackTo.value());
            setStatus(toJudge ? JUDGING : WATCHING);
            LOG.info(
                    "rollback guard: model {} replaced {} in the window ending {}; {}",
                    dominant,
                    current,
                    Instant.ofEpochMilli(end),
                    toJudge ? "judging it" : "it is the model the guard rolled back to");
            out.collect("activation " + dominant + " after " + current + " at " + end);
        } else if (status.value() != null) {
            stateGauge = status.value();
        }
        List<MonitorWindow> kept = keep(all, end);
        windows.update(kept);
        keptWindows = kept.size();
        judge(kept, end, out);
    }

    /**
     * The windows the rules can still read: per slice, the last few of each of the two models up to
     * {@code end}, and every later one, which a window subtask ahead of the others sent before the
     * watermark reached it.
     */
    private List<MonitorWindow> keep(List<MonitorWindow> all, long end) throws Exception {
        String now = active.value();
        String before = previous.value();
        long since = activationEnd.value();
        Map<String, List<MonitorWindow>> bySeries = new TreeMap<>();
        List<MonitorWindow> kept = new ArrayList<>();
        for (MonitorWindow w : all) {
            if (w.windowEnd() > end) {
                kept.add(w);
                continue;
            }
            boolean ofActive =
                    w.modelVersion().equals(now) && w.windowEnd() >= since - windowMillis;
            boolean ofPrevious = w.modelVersion().equals(before) && w.windowEnd() < since;
            if (ofActive || ofPrevious) {
                bySeries.computeIfAbsent(
                                w.slice() + "\n" + w.modelVersion(), k -> new ArrayList<>())
                        .add(w);
            }
        }
        for (List<MonitorWindow> series : bySeries.values()) {
            series.sort(Comparator.comparingLong(MonitorWindow::windowEnd));
            kept.addAll(
                    series.subList(Math.max(0, series.size() - config.windows()), series.size()));
        }
        return kept;
    }

    private void judge(List<MonitorWindow> kept, long end, Collector<String> out) throws Exception {
        String now = active.value();
        String before = previous.value();
        String activation = now + "@" + activationEnd.value();
        if (before == null
                || now.equals(rolledBackTo.value())
                || activation.equals(handled.value())) {
            return;
        }
        judged.inc();
        Map<String, GuardRules.Counts> nowCounts = new TreeMap<>();
        Map<String, GuardRules.Counts> beforeCounts = new TreeMap<>();
        for (MonitorWindow w : kept) {
            if (w.windowEnd() > end) {
                // judged when the watermark gets there, as a replay would
                continue;
            }
            Map<String, GuardRules.Counts> into =
                    w.modelVersion().equals(now) ? nowCounts : beforeCounts;
            into.merge(w.slice(), GuardRules.Counts.NONE.plus(w), RollbackGuard::sum);
        }
        LOG.debug(
                "rollback guard: judging model {} against {} at {}: {} against {}",
                now,
                before,
                Instant.ofEpochMilli(end),
                nowCounts,
                beforeCounts);
        for (Map.Entry<String, GuardRules.Counts> slice : nowCounts.entrySet()) {
            Optional<String> reason =
                    GuardRules.judge(
                            config,
                            slice.getKey(),
                            now,
                            slice.getValue(),
                            before,
                            beforeCounts.getOrDefault(slice.getKey(), GuardRules.Counts.NONE));
            if (reason.isPresent()) {
                fire(new AutoRollback(now, before, reason.get(), end), activation, out);
                return;
            }
        }
        // a model bad in every slice is caught on their clicks together, where traffic spread over
        // many slices leaves none of them the least evidence within the windows
        Optional<String> overall =
                GuardRules.judge(
                        config, ALL_SLICES, now, total(nowCounts), before, total(beforeCounts));
        if (overall.isPresent()) {
            fire(new AutoRollback(now, before, overall.get(), end), activation, out);
        }
    }

    private static GuardRules.Counts total(Map<String, GuardRules.Counts> bySlice) {
        return bySlice.values().stream().reduce(GuardRules.Counts.NONE, RollbackGuard::sum);
    }

    private void fire(AutoRollback rollback, String activation, Collector<String> out)
            throws Exception {
        lastReason = rollback.reason();
        lastFiredTs = rollback.effectiveTs();
        try {
            action.rollBack(rollback);
        } catch (RollbackAction.RollbackRefusedException e) {
            handled.update(activation);
            refused.inc();
            setStatus(ALERTED);
            LOG.error(
                    "rollback guard: model {} should be rolled back ({}), but not to {}: {};"
                            + " only alerting",
                    rollback.from(),
                    rollback.reason(),
                    rollback.to(),
                    e.getMessage());
            out.collect(
                    "alert "
                            + rollback.from()
                            + ": "
                            + rollback.reason()
                            + "; not rolled back to "
                            + rollback.to()
                            + ": "
                            + e.getMessage());
            return;
        } catch (Exception e) {
            failures.inc();
            LOG.warn(
                    "rollback guard: the rollback of model {} to {} failed ({}); trying again at"
                            + " the next window",
                    rollback.from(),
                    rollback.to(),
                    e.toString());
            return;
        }
        handled.update(activation);
        rolledBackTo.update(rollback.to());
        fired.inc();
        setStatus(ROLLED_BACK);
        LOG.warn(
                "rollback guard: rolled model {} back to {} from {}: {}",
                rollback.from(),
                rollback.to(),
                Instant.ofEpochMilli(rollback.effectiveTs()),
                rollback.reason());
        out.collect(
                "rollback "
                        + rollback.from()
                        + " to "
                        + rollback.to()
                        + " at "
                        + rollback.effectiveTs()
                        + ": "
                        + rollback.reason());
    }

    private void setStatus(int s) throws Exception {
        status.update(s);
        stateGauge = s;
    }

    /** The state gauge's value: for tests. */
    int state() {
        return stateGauge;
    }

    /** How many windows the last closed window left in state: for tests. */
    int keptWindows() {
        return keptWindows;
    }

    private static GuardRules.Counts sum(GuardRules.Counts a, GuardRules.Counts b) {
        return new GuardRules.Counts(
                a.clicks() + b.clicks(),
                a.invalid() + b.invalid(),
                a.converting() + b.converting(),
                a.convertingInvalid() + b.convertingInvalid());
    }
}
