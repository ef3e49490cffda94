package dev.slidr.training.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the input files held: rows read and accepted per input, and rejected rows per input and
 * reason (the contract's reason codes, plus the joins' own: {@code duplicate_click_id} for clicks
 * and truth rows, {@code unknown_click_id} for conversions of clicks not in the log, {@code
 * duplicate_customer_id} for RFM rows, and the screen's codes for clicks the live job decides
 * before its features, such as {@code givt_declared_robot}). Nothing is dropped without being
 * counted here.
 */
public final class InputReport {

    private final Map<String, long[]> readAccepted = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> rejected = new LinkedHashMap<>();

    void read(String input, boolean accepted) {
        long[] c = readAccepted.computeIfAbsent(input, k -> new long[2]);
        c[0]++;
        if (accepted) {
            c[1]++;
        }
    }

    void reject(String input, String reason) {
        rejected.computeIfAbsent(input, k -> new TreeMap<>()).merge(reason, 1L, Long::sum);
    }

    /** Marks an accepted row as rejected after all (a failed join). */
    void unaccept(String input, String reason) {
        long[] c = readAccepted.get(input);
        if (c != null && c[1] > 0) {
            c[1]--;
        }
        reject(input, reason);
    }

    public long read(String input) {
        long[] c = readAccepted.get(input);
        return c == null ? 0 : c[0];
    }

    public long accepted(String input) {
        long[] c = readAccepted.get(input);
        return c == null ? 0 : c[1];
    }

    /** Rejections of one input by reason, sorted by reason. */
    public Map<String, Long> rejected(String input) {
        return Collections.unmodifiableMap(rejected.getOrDefault(input, Map.of()));
    }

    public long rejectedTotal(String input) {
        return rejected(input).values().stream().mapToLong(Long::longValue).sum();
    }

    /** {input: {read, accepted, rejected: {reason: n}}} for the summary. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String input : readAccepted.keySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("read", read(input));
            m.put("accepted", accepted(input));
            m.put("rejected", new LinkedHashMap<>(rejected(input)));
            out.put(input, m);
        }
        for (String input : rejected.keySet()) {
            if (!out.containsKey(input)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("read", 0L);
                m.put("accepted", 0L);
                m.put("rejected", new LinkedHashMap<>(rejected(input)));
                out.put(input, m);
            }
        }
        return out;
    }
}
