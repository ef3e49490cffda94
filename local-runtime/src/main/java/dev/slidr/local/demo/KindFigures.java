package dev.slidr.local.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The share of each of the simulator's truth kinds ({@code human}, {@code human_gateway}, {@code
 * botnet_rotating}, ...) the live job invalidated, logged in and anonymous apart, as {@code train
 * --truth} reports its holdout's {@code kinds}: where a model fails one kind (customers behind a
 * carrier's NAT, bots that change IP on every click), the combined figures hide it.
 */
final class KindFigures {

    /** clicks and invalidated, logged in then anonymous, per kind. */
    private final Map<String, long[]> counts = new TreeMap<>();

    /** Adds one decided click of {@code kind}. */
    void add(String kind, boolean loggedIn, boolean invalid) {
        long[] c = counts.computeIfAbsent(kind, k -> new long[4]);
        int at = loggedIn ? 0 : 2;
        c[at]++;
        if (invalid) {
            c[at + 1]++;
        }
    }

    /** Per kind: clicks, the share invalidated, and the same logged in and anonymous. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        counts.forEach(
                (kind, c) -> {
                    Map<String, Object> k = new LinkedHashMap<>();
                    k.put("clicks", c[0] + c[2]);
                    k.put("invalidated", share(c[1] + c[3], c[0] + c[2]));
                    k.put("logged_in_clicks", c[0]);
                    k.put("logged_in_invalidated", share(c[1], c[0]));
                    k.put("anonymous_clicks", c[2]);
                    k.put("anonymous_invalidated", share(c[3], c[2]));
                    m.put(kind, k);
                });
        return m;
    }

    /** One line per kind: clicks and the share invalidated, all, logged in, anonymous. */
    String table() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-20s %9s %12s %12s %12s%n",
                        "truth kind",
                        "clicks",
                        "invalidated",
                        "logged in",
                        "anonymous"));
        counts.forEach(
                (kind, c) ->
                        b.append(
                                String.format(
                                        Locale.ROOT,
                                        "%-20s %,9d %12s %12s %12s%n",
                                        kind,
                                        c[0] + c[2],
                                        pct(share(c[1] + c[3], c[0] + c[2])),
                                        pct(share(c[1], c[0])),
                                        pct(share(c[3], c[2])))));
        return b.toString();
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
