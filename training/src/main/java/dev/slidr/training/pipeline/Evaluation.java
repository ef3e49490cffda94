package dev.slidr.training.pipeline;

import dev.slidr.rules.slice.Slices;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scorer's holdout figures: all traffic and each slice that has holdout clicks, in slice order.
 */
public record Evaluation(ScorerMetrics combined, Map<String, ScorerMetrics> slices) {

    public Evaluation {
        slices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slices));
    }

    /** Figures of {@code rows} of {@code table} under per-click decisions. */
    public static Evaluation of(
            FeatureTable table, int[] rows, double[] scores, boolean[] invalid) {
        ScorerMetrics combined = ScorerMetrics.of(table, rows, scores, invalid);
        Map<String, ScorerMetrics> slices = new LinkedHashMap<>();
        for (int s = 0; s < Slices.NAMES.size(); s++) {
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
            slices.put(Slices.NAMES.get(s), ScorerMetrics.of(table, sub, scores, invalid));
        }
        return new Evaluation(combined, slices);
    }

    /** {"combined": M, "slices": {name: M}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("combined", combined.toMap());
        Map<String, Object> s = new LinkedHashMap<>();
        slices.forEach((name, m) -> s.put(name, m.toMap()));
        out.put("slices", s);
        return out;
    }
}
