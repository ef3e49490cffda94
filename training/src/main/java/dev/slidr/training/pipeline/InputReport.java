package dev.slidr.training.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the input files held: rows read and accepted per input, and rejected rows per input and
 * reason (the contract's reason codes, plus the joins' own: {@code duplicate_click_id} for clicks
 * and truth rows, {@code unknown_click_id} for conversions of clicks not in the log, {@code
 * duplicate_customer_id} for RFM rows, {@code duplicate_conversion}, {@code
 * conversion_before_click} and {@code conversion_outside_window} for conversions that cannot belong
 * to their click, {@code time_outlier} for clicks left out of an open time range, and the screen's
 * codes for clicks the live job decides before its features, such as {@code givt_declared_robot}).
 * Nothing is dropped without being counted here.
 *
 * <p>Every input read is listed, rows or none, with the bytes its reader went through and the bytes
 * it never turned into records (a CSV file cut short by an unterminated quote).
 */
public final class InputReport {

    private final Map<String, long[]> readAccepted = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> rejected = new LinkedHashMap<>();
    private final Map<String, long[]> bytes = new LinkedHashMap<>();

    /** Lists an input (before it is read, to keep the order of the report). */
    void declare(String input) {
        readAccepted.computeIfAbsent(input, k -> new long[2]);
    }

    /** Records that an input was read to its end: its size in bytes and the part left unread. */
    void ended(String input, long size, long unread) {
        readAccepted.computeIfAbsent(input, k -> new long[2]);
        bytes.put(input, new long[] {size, unread});
    }

    /** Bytes of the input its reader went through; 0 for an input not read. */
    public long bytes(String input) {
        long[] b = bytes.get(input);
        return b == null ? 0 : b[0];
    }

    /** Bytes of the input after the last record its reader could read (0 when it read all). */
    public long unreadBytes(String input) {
        long[] b = bytes.get(input);
        return b == null ? 0 : b[1];
    }

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

    /** Marks {@code count} accepted rows as rejected after all, for one reason. */
    void unaccept(String input, String reason, long count) {
        if (count <= 0) {
            return;
        }
        long[] c = readAccepted.get(input);
        if (c != null) {
            c[1] = Math.max(0, c[1] - count);
        }
        rejected.computeIfAbsent(input, k -> new TreeMap<>()).merge(reason, count, Long::sum);
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

    /**
     * {input: {read, accepted, rejected: {reason: n}}} for the summary, with {@code unread_bytes}
     * for an input that was cut short.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String input : readAccepted.keySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("read", read(input));
            m.put("accepted", accepted(input));
            m.put("rejected", new LinkedHashMap<>(rejected(input)));
            if (unreadBytes(input) > 0) {
                m.put("unread_bytes", unreadBytes(input));
            }
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
