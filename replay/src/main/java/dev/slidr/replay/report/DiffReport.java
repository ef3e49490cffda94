package dev.slidr.replay.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The diff of a replay, accumulated click by click in bounded memory (counts, a few sample ids).
 *
 * <pre>{@code
 * DiffReport.Builder diff = DiffReport.builder(replayId, "live decisions", "model 2025-06-01");
 * diff.truth(robotByClickId);                 // optional: adds true precision and recall
 * pairs.forEach(diff::add);
 * DiffReport report = diff.build();
 * System.out.print(report.table());
 * report.writeHtml(out.resolve("report.html"));
 * }</pre>
 *
 * <p>Per slice (the replayed decision's) and per advertiser: clicks, IVR before and after, clicks
 * flipped to invalid and to valid, the change in billable clicks, the top reasons among flips and
 * the smallest flipped click ids. A click is billable when its decision is valid; the change is
 * after minus before, over the clicks the baseline decided (see {@link DiffCounts}). Advertisers
 * beyond {@link Builder#maxAdvertisers} distinct ids are counted together in {@link
 * #otherAdvertisers()}.
 */
public final class DiffReport {

    /** Flipped click ids kept per group unless the builder says otherwise. */
    public static final int DEFAULT_SAMPLES = 5;

    /** Distinct advertisers counted apart unless the builder says otherwise. */
    public static final int DEFAULT_MAX_ADVERTISERS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String replayId;
    private final String beforeLabel;
    private final String afterLabel;
    private final boolean withTruth;
    private final DiffCounts total;
    private final TruthMetrics totalTruthBefore;
    private final TruthMetrics totalTruthAfter;
    private final List<SliceDiff> slices;
    private final List<AdvertiserDiff> advertisers;
    private final AdvertiserDiff otherAdvertisers;
    private final int maxAdvertisers;

    private DiffReport(Builder b) {
        this.replayId = b.replayId;
        this.beforeLabel = b.beforeLabel;
        this.afterLabel = b.afterLabel;
        this.withTruth = b.truth != null;
        this.total = b.total.counts();
        this.totalTruthBefore = withTruth ? b.total.truthBefore() : null;
        this.totalTruthAfter = withTruth ? b.total.truthAfter() : null;
        List<SliceDiff> s = new ArrayList<>();
        b.slices.forEach(
                (slice, t) ->
                        s.add(
                                new SliceDiff(
                                        slice,
                                        t.counts(),
                                        withTruth ? t.truthBefore() : null,
                                        withTruth ? t.truthAfter() : null)));
        this.slices = List.copyOf(s);
        List<AdvertiserDiff> a = new ArrayList<>();
        b.advertisers.forEach((id, t) -> a.add(new AdvertiserDiff(id, t.counts())));
        a.sort(BY_IMPACT);
        this.advertisers = List.copyOf(a);
        this.otherAdvertisers =
                b.otherAdvertisers == null
                        ? null
                        : new AdvertiserDiff(null, b.otherAdvertisers.counts());
        this.maxAdvertisers = b.maxAdvertisers;
    }

    /** Largest change in billable clicks first, then most flips, then most clicks, then by id. */
    private static final Comparator<AdvertiserDiff> BY_IMPACT =
            Comparator.<AdvertiserDiff>comparingLong(a -> -Math.abs(a.counts().billableChange()))
                    .thenComparingLong(a -> -a.counts().flipped())
                    .thenComparingLong(a -> -a.counts().clicks())
                    .thenComparing(AdvertiserDiff::advertiserId);

    /** A builder for the replay {@code replayId} comparing two labelled sides. */
    public static Builder builder(String replayId, String beforeLabel, String afterLabel) {
        return new Builder(replayId, beforeLabel, afterLabel);
    }

    /** Accumulates pairs one at a time; not thread-safe. */
    public static final class Builder {
        private final String replayId;
        private final String beforeLabel;
        private final String afterLabel;
        private Map<String, Boolean> truth;
        private int samples = DEFAULT_SAMPLES;
        private int maxAdvertisers = DEFAULT_MAX_ADVERTISERS;
        private boolean started;
        private Tally total;
        private final Map<String, Tally> slices = new TreeMap<>();
        private final Map<String, Tally> advertisers = new HashMap<>();
        private Tally otherAdvertisers;

        private Builder(String replayId, String beforeLabel, String afterLabel) {
            this.replayId = Objects.requireNonNull(replayId, "replayId");
            this.beforeLabel = Objects.requireNonNull(beforeLabel, "beforeLabel");
            this.afterLabel = Objects.requireNonNull(afterLabel, "afterLabel");
        }

        /** Ground truth by click id (true: a robot's click); adds precision and recall. */
        public Builder truth(Map<String, Boolean> robotByClickId) {
            checkNotStarted("truth");
            this.truth = Objects.requireNonNull(robotByClickId, "robotByClickId");
            return this;
        }

        /** How many flipped click ids each group keeps (default {@value #DEFAULT_SAMPLES}). */
        public Builder samples(int perGroup) {
            checkNotStarted("samples");
            if (perGroup < 0 || perGroup > 1000) {
                throw new IllegalArgumentException(
                        "samples per group must be in [0, 1000], was " + perGroup);
            }
            this.samples = perGroup;
            return this;
        }

        /**
         * How many distinct advertisers are counted apart (default {@value
         * #DEFAULT_MAX_ADVERTISERS}); the clicks of later ones are counted together.
         */
        public Builder maxAdvertisers(int max) {
            checkNotStarted("maxAdvertisers");
            if (max < 1) {
                throw new IllegalArgumentException("maxAdvertisers must be >= 1, was " + max);
            }
            this.maxAdvertisers = max;
            return this;
        }

        /** Counts one click. */
        public Builder add(DecisionPair pair) {
            if (!started) {
                started = true;
                total = new Tally(samples);
            }
            Boolean robot = truth == null ? null : truth.get(pair.after().clickId());
            total.add(pair.before(), pair.after(), robot);
            slices.computeIfAbsent(pair.after().slice(), s -> new Tally(samples))
                    .add(pair.before(), pair.after(), robot);
            Tally advertiser = advertisers.get(pair.advertiserId());
            if (advertiser == null) {
                if (advertisers.size() < maxAdvertisers) {
                    advertiser = new Tally(samples);
                    advertisers.put(pair.advertiserId(), advertiser);
                } else {
                    if (otherAdvertisers == null) {
                        otherAdvertisers = new Tally(samples);
                    }
                    advertiser = otherAdvertisers;
                }
            }
            advertiser.add(pair.before(), pair.after(), robot);
            return this;
        }

        public DiffReport build() {
            if (!started) {
                total = new Tally(samples);
            }
            return new DiffReport(this);
        }

        private void checkNotStarted(String what) {
            if (started) {
                throw new IllegalStateException(what + " must be set before the first pair");
            }
        }
    }

    public String replayId() {
        return replayId;
    }

    public String beforeLabel() {
        return beforeLabel;
    }

    public String afterLabel() {
        return afterLabel;
    }

    /** All clicks together. */
    public DiffCounts total() {
        return total;
    }

    /** Per slice, by slice name. */
    public List<SliceDiff> slices() {
        return slices;
    }

    /** Per advertiser, largest change in billable clicks first. */
    public List<AdvertiserDiff> advertisers() {
        return advertisers;
    }

    /** The clicks of advertisers beyond the cap, counted together (id null). */
    public Optional<AdvertiserDiff> otherAdvertisers() {
        return Optional.ofNullable(otherAdvertisers);
    }

    /** Whether ground truth was given (then every slice has truth metrics). */
    public boolean hasTruth() {
        return withTruth;
    }

    /** All clicks against the truth, before; null without truth. */
    public TruthMetrics truthBefore() {
        return totalTruthBefore;
    }

    /** All clicks against the truth, after; null without truth. */
    public TruthMetrics truthAfter() {
        return totalTruthAfter;
    }

    public long flippedToInvalid() {
        return total.flippedToInvalid();
    }

    public long flippedToValid() {
        return total.flippedToValid();
    }

    /** Billable clicks after minus before, over the clicks the baseline decided. */
    public long billableChange() {
        return total.billableChange();
    }

    /** The terminal table: slices, the advertisers that changed most, truth when given. */
    public String table() {
        return DiffTable.render(this);
    }

    /** The report as JSON (snake_case keys; undefined ratios are null). */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("replay_id", replayId);
        root.put("before", beforeLabel);
        root.put("after", afterLabel);
        root.set("total", counts(total));
        if (withTruth) {
            root.set("truth", truth(totalTruthBefore, totalTruthAfter));
        }
        ArrayNode s = root.putArray("slices");
        for (SliceDiff d : slices) {
            ObjectNode n = JSON.createObjectNode();
            n.put("slice", d.slice());
            n.setAll(counts(d.counts()));
            if (withTruth) {
                n.set("truth", truth(d.truthBefore(), d.truthAfter()));
            }
            s.add(n);
        }
        ArrayNode a = root.putArray("advertisers");
        for (AdvertiserDiff d : advertisers) {
            ObjectNode n = JSON.createObjectNode();
            n.put("advertiser_id", d.advertiserId());
            n.setAll(counts(d.counts()));
            a.add(n);
        }
        root.put("max_advertisers", maxAdvertisers);
        if (otherAdvertisers != null) {
            root.set("other_advertisers", counts(otherAdvertisers.counts()));
        }
        return root;
    }

    /** Writes the HTML page with its plots; the file appears complete or not at all. */
    public void writeHtml(Path file) throws IOException {
        DiffHtml.write(this, file);
    }

    private static ObjectNode counts(DiffCounts c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("clicks", c.clicks());
        n.put("matched", c.matched());
        n.put("unmatched", c.unmatched());
        n.put("invalid_before", c.invalidBefore());
        n.put("invalid_after", c.invalidAfter());
        ratio(n, "ivr_before", c.ivrBefore());
        ratio(n, "ivr_after", c.ivrAfter());
        n.put("flipped_to_invalid", c.flippedToInvalid());
        n.put("flipped_to_valid", c.flippedToValid());
        n.put("billable_change", c.billableChange());
        ArrayNode reasons = n.putArray("top_reasons");
        for (ReasonCount r : c.topReasons()) {
            reasons.addObject().put("reason", r.reason()).put("count", r.count());
        }
        ArrayNode ids = n.putArray("sample_click_ids");
        c.sampleClickIds().forEach(ids::add);
        return n;
    }

    private static ObjectNode truth(TruthMetrics before, TruthMetrics after) {
        ObjectNode n = JSON.createObjectNode();
        n.set("before", truth(before));
        n.set("after", truth(after));
        return n;
    }

    private static ObjectNode truth(TruthMetrics t) {
        ObjectNode n = JSON.createObjectNode();
        ratio(n, "precision", t.precision());
        ratio(n, "recall", t.recall());
        n.put("true_positives", t.truePositives());
        n.put("false_positives", t.falsePositives());
        n.put("false_negatives", t.falseNegatives());
        n.put("unknown", t.unknown());
        return n;
    }

    private static void ratio(ObjectNode n, String key, double value) {
        if (Double.isFinite(value)) {
            n.put(key, value);
        } else {
            n.putNull(key);
        }
    }

    /** A ratio as a percentage with two decimals, or n/a. */
    static String percent(double fraction) {
        return Double.isFinite(fraction)
                ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction)
                : "n/a";
    }

    /** A signed count, e.g. {@code +12}, {@code -3}, {@code 0}. */
    static String signed(long n) {
        return n > 0 ? "+" + n : Long.toString(n);
    }
}
