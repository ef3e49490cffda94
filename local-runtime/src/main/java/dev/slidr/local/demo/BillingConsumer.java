package dev.slidr.local.demo;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.local.BillingReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What billing sees: a {@code read_committed} consumer of the decisions and dead-letter topics,
 * scoring each decision against the simulator's truth. Latency is {@code decided_ts} minus the time
 * the demo handed the click to its Kafka producer (wall clock, same JVM). Decisions of warm-up
 * clicks are only counted (each must arrive exactly once) and stay out of every figure.
 */
final class BillingConsumer implements Runnable {

    private final Properties client;
    private final String decisionsTopic;
    private final String deadLettersTopic;
    private final LiveTraffic traffic;
    private final Set<String> warmupIds;
    private final Set<String> warmupDecided = new HashSet<>();
    private long warmupDecisions;
    private final Set<String> decided = new HashSet<>();
    private final List<Decision> waiting = new ArrayList<>();
    private final Map<String, SliceFigures> slices = new TreeMap<>();
    private final SliceFigures combined = new SliceFigures();
    private final KindFigures kinds = new KindFigures();
    // per slice and combined: the version of the scored decision with the latest event time
    private final Map<String, String> versionInForce = new TreeMap<>();
    private final Map<String, Long> versionEventTs = new HashMap<>();
    // every scored live decision: its version and event time, for the demo's model changes
    private final List<String> scoredVersions = new ArrayList<>();
    private final List<Long> scoredEventTs = new ArrayList<>();
    private final Histogram latency = new Histogram(3_600_000L, 3);
    private long decisions;
    private long duplicates;
    private long deadLetters;
    private long unreadable;
    private long unknown;
    private volatile boolean running = true;

    BillingConsumer(
            Properties client,
            String decisionsTopic,
            String deadLettersTopic,
            LiveTraffic traffic,
            Set<String> warmupIds) {
        this.client = client;
        this.decisionsTopic = decisionsTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.traffic = traffic;
        this.warmupIds = warmupIds;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(
                        client, "slidr-demo-billing-", List.of(decisionsTopic, deadLettersTopic))) {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.topic().equals(deadLettersTopic)) {
                            deadLetters++;
                        } else {
                            decision(r.value());
                        }
                    }
                    retryWaiting();
                }
            }
        }
    }

    private void decision(byte[] value) {
        Parsed<Decision> parsed = ContractJson.readDecision(value);
        if (!parsed.isOk()) {
            unreadable++;
            return;
        }
        Decision d = parsed.value();
        if (warmupIds.contains(d.clickId())) {
            warmupDecisions++;
            warmupDecided.add(d.clickId());
            return;
        }
        decisions++;
        if (!decided.add(d.clickId())) {
            duplicates++;
            return;
        }
        if (!account(d)) {
            waiting.add(d);
        }
    }

    private void retryWaiting() {
        waiting.removeIf(this::account);
    }

    private boolean account(Decision d) {
        LiveTraffic.Truth t = traffic.truth().get(d.clickId());
        if (t == null) {
            unknown++;
            return true;
        }
        if (t.producedMs() == Long.MAX_VALUE) {
            return false;
        }
        double score = d.scored() ? d.score() : Double.NaN;
        boolean purchased = traffic.purchased(d.clickId());
        slices.computeIfAbsent(t.slice(), s -> new SliceFigures())
                .add(d.invalid(), t.robot(), score, purchased, t.highVelocity());
        combined.add(d.invalid(), t.robot(), score, purchased, t.highVelocity());
        kinds.add(t.kind(), t.loggedIn(), d.invalid());
        if (d.modelVersion() != null) {
            inForce(t.slice(), d);
            inForce(COMBINED, d);
            scoredVersions.add(d.modelVersion());
            scoredEventTs.add(d.eventTs());
        }
        latency.recordValue(Math.max(0, Math.min(3_600_000L, d.decidedTs() - t.producedMs())));
        return true;
    }

    private static final String COMBINED = "combined";

    private void inForce(String slice, Decision d) {
        if (d.eventTs() >= versionEventTs.getOrDefault(slice, Long.MIN_VALUE)) {
            versionEventTs.put(slice, d.eventTs());
            versionInForce.put(slice, d.modelVersion());
        }
    }

    /**
     * From the live decisions' versions: the event time of the first click scored by another model
     * after the last click {@code version} scored, once {@code version} scored any at or after
     * {@code effectiveTs}; null when it never did or when it scored to the end.
     */
    synchronized Long firstEventTsAfter(String version, long effectiveTs) {
        long lastOfVersion = Long.MIN_VALUE;
        for (int i = 0; i < scoredVersions.size(); i++) {
            if (scoredVersions.get(i).equals(version) && scoredEventTs.get(i) >= effectiveTs) {
                lastOfVersion = Math.max(lastOfVersion, scoredEventTs.get(i));
            }
        }
        if (lastOfVersion == Long.MIN_VALUE) {
            return null;
        }
        Long first = null;
        for (int i = 0; i < scoredVersions.size(); i++) {
            long ts = scoredEventTs.get(i);
            if (!scoredVersions.get(i).equals(version)
                    && ts > lastOfVersion
                    && (first == null || ts < first)) {
                first = ts;
            }
        }
        return first;
    }

    /** How many live clicks each model version scored. */
    synchronized Map<String, Long> scoredByVersion() {
        Map<String, Long> counts = new TreeMap<>();
        scoredVersions.forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts;
    }

    synchronized long distinctDecided() {
        return decided.size();
    }

    synchronized long warmupDistinctDecided() {
        return warmupDecided.size();
    }

    synchronized long warmupDecisions() {
        return warmupDecisions;
    }

    synchronized long deadLetters() {
        return deadLetters;
    }

    void stop() {
        running = false;
    }

    /** The live table: one row per slice and the combined row. */
    synchronized String table() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        java.util.Locale.ROOT,
                        "%-20s %9s %7s %7s %7s %7s  %s%n",
                        "slice",
                        "clicks",
                        "IVR",
                        "t_prec",
                        "t_rec",
                        "t_AUC",
                        "model"));
        for (Map.Entry<String, SliceFigures> e : slices.entrySet()) {
            row(b, e.getKey(), e.getValue(), versionInForce.getOrDefault(e.getKey(), "-"));
        }
        row(b, COMBINED, combined, versionInForce.getOrDefault(COMBINED, "-"));
        b.append(
                String.format(
                        java.util.Locale.ROOT,
                        "decisions %,d  dead letters %,d  duplicates %d  latency p50 %d ms  p99.9"
                                + " %d ms (decided_ts - produced)%n",
                        decisions,
                        deadLetters,
                        duplicates,
                        latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(50),
                        latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99.9)));
        return b.toString();
    }

    /** Each truth kind's invalidated share, logged in and anonymous (the final figures). */
    synchronized String kindsTable() {
        return kinds.table();
    }

    /** A row; {@code model} is the version that scored the slice's latest click (in force). */
    private static void row(StringBuilder b, String name, SliceFigures f, String model) {
        b.append(
                String.format(
                        java.util.Locale.ROOT,
                        "%-20s %,9d %7s %7s %7s %7s  %s%n",
                        name,
                        f.clicks(),
                        pct(f.ivr()),
                        pct(f.truePrecision()),
                        pct(f.trueRecall()),
                        f.trueAuc() == null
                                ? "-"
                                : String.format(java.util.Locale.ROOT, "%.3f", f.trueAuc()),
                        model));
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", v * 100);
    }

    /** The summary object of {@code --summary}. */
    synchronized Map<String, Object> summary(long clicks, long invalidRecords) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clicks", clicks);
        m.put("decisions", decisions);
        m.put("duplicates", duplicates);
        m.put("dead_letters", deadLetters);
        m.put("invalid", invalidRecords);
        m.put("undecided", Math.max(0, clicks - decided.size()));
        m.put("unknown_click_ids", unknown);
        m.put("unreadable_decisions", unreadable);
        m.put("warmup_clicks", warmupIds.size());
        m.put("warmup_decisions", warmupDecisions);
        m.put("warmup_undecided", Math.max(0, warmupIds.size() - warmupDecided.size()));
        m.put("combined", combined.toMap());
        Map<String, Object> bySlice = new LinkedHashMap<>();
        slices.forEach((k, v) -> bySlice.put(k, v.toMap()));
        m.put("slices", bySlice);
        m.put("kinds", kinds.toMap());
        Map<String, Object> lat = new LinkedHashMap<>();
        boolean any = latency.getTotalCount() > 0;
        lat.put("p50", any ? latency.getValueAtPercentile(50) : null);
        lat.put("p99", any ? latency.getValueAtPercentile(99) : null);
        lat.put("p999", any ? latency.getValueAtPercentile(99.9) : null);
        lat.put("max", any ? latency.getMaxValue() : null);
        lat.put("measured_as", "decided_ts - wall-clock time the click was handed to the producer");
        m.put("latency_ms", lat);
        return m;
    }
}
