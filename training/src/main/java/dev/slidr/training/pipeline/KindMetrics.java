package dev.slidr.training.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One truth kind's holdout clicks and the share of them invalidated, in all and split logged-in /
 * anonymous. For a robot kind the share is its true recall, for a human kind its invalidation rate
 * (a true FPR of its own): the figures that say whether humans behind a busy address pay for robots
 * and whether a robot escapes by rotating addresses.
 *
 * @param kind the truth file's kind ({@link TruthKinds})
 * @param robot whether the truth file calls the kind's clicks robots
 * @param all the kind's clicks
 * @param loggedIn its logged-in clicks
 * @param anonymous its anonymous clicks
 */
public record KindMetrics(String kind, boolean robot, Share all, Share loggedIn, Share anonymous) {

    /** Clicks and how many of them were invalidated. */
    public record Share(long clicks, long invalidated) {

        /** invalidated / clicks; NaN without clicks. */
        public double share() {
            return clicks == 0 ? Double.NaN : (double) invalidated / clicks;
        }

        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("clicks", clicks);
            out.put("invalidated", invalidated);
            out.put("share", ScorerMetrics.finite(share()));
            return out;
        }
    }

    /** What the share is, by the truth: {@code true_recall} of robots, else {@code true_fpr}. */
    public String measure() {
        return robot ? "true_recall" : "true_fpr";
    }

    /**
     * The figures of every kind among {@code rows} of {@code table}, in {@link TruthKinds} order
     * (robot before human where a kind holds both); empty when no row has a kind, as with a truth
     * file without the kind column.
     */
    static List<KindMetrics> of(FeatureTable table, int[] rows, boolean[] invalid) {
        // by truth byte without the unknown: the kind code and the robot flag, in that order
        TreeMap<Integer, long[]> counts = new TreeMap<>();
        for (int i : rows) {
            byte t = table.truth[i];
            if (TruthKinds.code(t) == 0) {
                continue;
            }
            long[] c =
                    counts.computeIfAbsent(
                            TruthKinds.code(t) * 2 + ((t & 1) ^ 1), k -> new long[4]);
            int part = table.loggedIn[i] ? 0 : 2;
            c[part]++;
            c[part + 1] += invalid[i] ? 1 : 0;
        }
        List<KindMetrics> out = new ArrayList<>(counts.size());
        counts.forEach(
                (key, c) -> {
                    Share loggedIn = new Share(c[0], c[1]);
                    Share anonymous = new Share(c[2], c[3]);
                    out.add(
                            new KindMetrics(
                                    TruthKinds.name(key / 2),
                                    key % 2 == 0,
                                    new Share(c[0] + c[2], c[1] + c[3]),
                                    loggedIn,
                                    anonymous));
                });
        return out;
    }

    /**
     * {@code {"kind", "robot", "measure", "clicks", "invalidated", "share", "logged_in": {clicks,
     * invalidated, share}, "anonymous": {...}}}; a share without clicks is null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("robot", robot);
        out.put("measure", measure());
        out.putAll(all.toMap());
        out.put("logged_in", loggedIn.toMap());
        out.put("anonymous", anonymous.toMap());
        return out;
    }
}
