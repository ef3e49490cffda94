package dev.slidr.training.pipeline;

import dev.slidr.training.ClopperPearson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scorer's holdout figures: all traffic and each slice that has holdout clicks, in slice order;
 * the slices absent from the data altogether (no click in any split), reported as absent rather
 * than measured or failed; and, when the truth file names kinds, each kind's share invalidated.
 *
 * @param slicing the scheme the slices belong to, which orders them
 */
public record Evaluation(
        ScorerMetrics combined,
        Map<String, ScorerMetrics> slices,
        List<String> absent,
        List<KindMetrics> kinds,
        SliceIndex slicing) {

    public Evaluation {
        slices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slices));
        absent = List.copyOf(absent);
        kinds = List.copyOf(kinds);
        java.util.Objects.requireNonNull(slicing, "slicing");
    }

    /** Figures of device × login slices. */
    public Evaluation(
            ScorerMetrics combined,
            Map<String, ScorerMetrics> slices,
            List<String> absent,
            List<KindMetrics> kinds) {
        this(combined, slices, absent, kinds, SliceIndex.DEVICE_AND_LOGIN);
    }

    /** Figures without per-kind figures. */
    public Evaluation(
            ScorerMetrics combined, Map<String, ScorerMetrics> slices, List<String> absent) {
        this(combined, slices, absent, List.of());
    }

    /** Figures without absent slices or per-kind figures. */
    public Evaluation(ScorerMetrics combined, Map<String, ScorerMetrics> slices) {
        this(combined, slices, List.of());
    }

    /** These figures, with {@code names} reported absent from the data. */
    public Evaluation withAbsent(List<String> names) {
        return new Evaluation(combined, slices, names, kinds, slicing);
    }

    /** Figures of {@code rows} of {@code table} under per-click decisions. */
    public static Evaluation of(
            FeatureTable table, int[] rows, double[] scores, boolean[] invalid) {
        return of(table, rows, scores, invalid, ClopperPearson.DEFAULT_CONFIDENCE);
    }

    /**
     * Figures of {@code rows} of {@code table} under per-click decisions, FPR bounds at one-sided
     * {@code confidence}; the table's slice ids are device × login cells.
     */
    public static Evaluation of(
            FeatureTable table, int[] rows, double[] scores, boolean[] invalid, double confidence) {
        return of(table, rows, scores, invalid, confidence, SliceIndex.DEVICE_AND_LOGIN);
    }

    /**
     * Figures of {@code rows} of {@code table}, whose slice ids are those of {@code slicing}, under
     * per-click decisions, FPR bounds at one-sided {@code confidence}.
     */
    public static Evaluation of(
            FeatureTable table,
            int[] rows,
            double[] scores,
            boolean[] invalid,
            double confidence,
            SliceIndex slicing) {
        ScorerMetrics combined = ScorerMetrics.of(table, rows, scores, invalid, confidence);
        Map<String, ScorerMetrics> slices = new LinkedHashMap<>();
        for (int s = 0; s < slicing.size(); s++) {
            int count = 0;
            for (int i : rows) {
                if (table.slice[i] == s) {
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            int[] sub = new int[count];
            int k = 0;
            for (int i : rows) {
                if (table.slice[i] == s) {
                    sub[k++] = i;
                }
            }
            slices.put(slicing.name(s), ScorerMetrics.of(table, sub, scores, invalid, confidence));
        }
        return new Evaluation(
                combined, slices, List.of(), KindMetrics.of(table, rows, invalid), slicing);
    }

    /**
     * {"combined": M, "slices": {name: M}}, in slice order; an absent slice is {@code {"status":
     * "absent", "clicks": 0}}. With per-kind figures, {@code "kinds": [K]} follows ({@link
     * KindMetrics#toMap()}); without them there is no {@code kinds} key.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("combined", combined.toMap());
        Map<String, Object> s = new LinkedHashMap<>();
        for (String name : slicing.names()) {
            if (slices.containsKey(name)) {
                s.put(name, slices.get(name).toMap());
            } else if (absent.contains(name)) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("status", "absent");
                a.put("clicks", 0);
                s.put(name, a);
            }
        }
        // slices the scheme does not name (none today) keep their figures
        slices.forEach((name, m) -> s.putIfAbsent(name, m.toMap()));
        out.put("slices", s);
        if (!kinds.isEmpty()) {
            List<Object> k = new ArrayList<>();
            kinds.forEach(m -> k.add(m.toMap()));
            out.put("kinds", k);
        }
        return out;
    }
}
