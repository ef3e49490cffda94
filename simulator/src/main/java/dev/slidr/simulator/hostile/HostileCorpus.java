package dev.slidr.simulator.hostile;

import dev.slidr.contract.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded corpus of records that break parsers, each labelled with its kind and what the job must
 * do with it: the dead-letter reason it must give, or, for the valid textual forms of IPv6 and the
 * few empty keys and values the contract allows, the click (id and canonical IP) it must decide.
 *
 * <pre>{@code
 * HostileCorpus corpus = new HostileCorpus(42, HostileCorpus.DEFAULT_LARGEST_BYTES);
 * for (long seq = 0; seq < 10_000; seq++) {
 *     HostileRecord r = corpus.record(seq, eventMillis);
 *     producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value()));
 * }
 * }</pre>
 *
 * <p>Record {@code seq} has kind {@code seq % 14} (so any 14 records in a row hold every kind) and
 * a variant drawn from the seed and {@code seq} alone: a record can be made again, on its own,
 * without keeping it (the largest are 10 MiB). One huge record in 100 is the largest, the first one
 * among them; the others are 16 to 64 KiB. The expected reasons are those of the contract's default
 * limits ({@code ParseLimits.defaults()}: 16 KiB records, depth 8, ids of 256 chars, text of 2048,
 * timestamps in [2000, 2100)).
 */
public final class HostileCorpus {

    /** The largest record by default: 10 MiB. */
    public static final int DEFAULT_LARGEST_BYTES = 10 * 1024 * 1024;

    /** One huge record in this many is the largest. */
    static final int LARGEST_EVERY = 100;

    private static final HostileKind[] KINDS = HostileKind.values();
    private static final int SMALL_HUGE_MIN = 16 * 1024 + 1;
    private static final int SMALL_HUGE_MAX = 64 * 1024;
    private static final String USER_AGENT =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0 Safari/537.36";

    private final long seed;
    private final int largestBytes;

    /**
     * A corpus whose huge records go up to {@code largestBytes} (at least 64 KiB: a smaller corpus
     * for a test that cannot move 10 MiB records).
     */
    public HostileCorpus(long seed, int largestBytes) {
        if (largestBytes < SMALL_HUGE_MAX) {
            throw new IllegalArgumentException(
                    "largestBytes must be at least " + SMALL_HUGE_MAX + ", was " + largestBytes);
        }
        this.seed = seed;
        this.largestBytes = largestBytes;
    }

    /** The number of kinds: any this many records in a row hold each kind once. */
    public static int kinds() {
        return KINDS.length;
    }

    /** The largest record this corpus makes, in bytes. */
    public int largestBytes() {
        return largestBytes;
    }

    /**
     * Record {@code seq}, its event time {@code eventMillis} (the Kafka timestamp, and the click's
     * {@code ts} wherever the kind is not about the timestamp).
     */
    public HostileRecord record(long seq, long eventMillis) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be 0 or more, was " + seq);
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + seq);
        Builder b = new Builder(seq, eventMillis, random);
        return switch (KINDS[(int) (seq % KINDS.length)]) {
            case DEEP_NESTING -> b.deepNesting();
            case HUGE_RECORD -> b.huge((seq / KINDS.length) % LARGEST_EVERY == 0);
            case INVALID_UTF8 -> b.invalidUtf8();
            case NUL_BYTES -> b.nulBytes();
            case DUPLICATE_KEYS -> b.duplicateKeys();
            case NAN_INFINITY -> b.nanInfinity();
            case TS_NEGATIVE -> b.tsNegative();
            case TS_FAR_FUTURE -> b.tsFarFuture();
            case TS_SECONDS -> b.tsSeconds();
            case IPV6_FORMS -> b.ipv6();
            case OVERLONG_STRINGS -> b.overlong();
            case WRONG_TYPES -> b.wrongTypes();
            case EMPTY_KEYS_VALUES -> b.emptyKeysValues();
            case TOMBSTONE -> b.tombstone();
        };
    }

    /** Records {@code 0 … n-1}, event times {@code start + seq} ms. */
    public List<HostileRecord> records(int n, Instant start) {
        List<HostileRecord> out = new ArrayList<>(n);
        for (int seq = 0; seq < n; seq++) {
            out.add(record(seq, start.toEpochMilli() + seq));
        }
        return out;
    }

    /** Makes one record: a valid click's fields as raw JSON, then the kind's change to them. */
    private final class Builder {
        private final long seq;
        private final long eventMillis;
        private final SplittableRandom random;
        private final String clickId;
        private final String userId;
        private final LinkedHashMap<String, String> fields = new LinkedHashMap<>();

        Builder(long seq, long eventMillis, SplittableRandom random) {
            this.seq = seq;
            this.eventMillis = eventMillis;
            this.random = random;
            this.clickId = "hostile-" + seq;
            this.userId = "hostile-user-" + random.nextInt(500);
            fields.put("click_id", json(clickId));
            fields.put("ts", Long.toString(eventMillis));
            fields.put("user_id", json(userId));
            fields.put("session_id", json("hostile-session-" + random.nextInt(500)));
            fields.put("ip", json("203.0.113." + (1 + random.nextInt(254))));
            fields.put("user_agent", json(USER_AGENT));
            fields.put("device", json(random.nextBoolean() ? "desktop" : "mobile"));
            fields.put("logged_in", "true");
            fields.put("ad_id", json("ad-" + random.nextInt(200)));
            fields.put("advertiser_id", json("adv-" + random.nextInt(20)));
            fields.put("placement", json("placement-" + random.nextInt(5)));
        }

        HostileRecord deepNesting() {
            // the record object is depth 1: 8 more levels pass the limit of 8
            int depth = 8 + random.nextInt(2000);
            return switch (random.nextInt(3)) {
                case 0 -> {
                    fields.put("extra", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
                    yield rejected(HostileKind.DEEP_NESTING, "objects", ReasonCode.TOO_DEEP);
                }
                case 1 -> {
                    fields.put("extra", "[".repeat(depth * 2) + "]".repeat(depth * 2));
                    yield rejected(HostileKind.DEEP_NESTING, "arrays", ReasonCode.TOO_DEEP);
                }
                default -> {
                    // a known field's wrong type is found first, but the syntax check outranks it
                    fields.put("user_agent", "[".repeat(depth) + "]".repeat(depth));
                    yield rejected(HostileKind.DEEP_NESTING, "in_known_field", ReasonCode.TOO_DEEP);
                }
            };
        }

        HostileRecord huge(boolean largest) {
            int variant = largest ? 0 : 1 + random.nextInt(3);
            int size =
                    switch (variant) {
                        case 0 -> largestBytes;
                        case 1 -> SMALL_HUGE_MIN + random.nextInt(16);
                        default -> SMALL_HUGE_MIN + random.nextInt(SMALL_HUGE_MAX - SMALL_HUGE_MIN);
                    };
            byte[] value;
            String name;
            if (variant == 3) {
                // size is checked before the encoding: not UTF-8 and oversized is oversized
                name = "not_utf8";
                value = new byte[size];
                Arrays.fill(value, (byte) 0xFF);
            } else {
                name = variant == 0 ? "largest" : variant == 1 ? "just_over_limit" : "over_limit";
                value = paddedClick(size);
            }
            return new HostileRecord(
                    seq,
                    HostileKind.HUGE_RECORD,
                    name,
                    key(),
                    value,
                    eventMillis,
                    ReasonCode.OVERSIZED,
                    null,
                    null);
        }

        /** A valid click of exactly {@code size} bytes: its user agent is padded. */
        private byte[] paddedClick(int size) {
            fields.put("user_agent", json(""));
            int base = render().length;
            fields.put("user_agent", json("x".repeat(Math.max(0, size - base))));
            return render();
        }

        HostileRecord invalidUtf8() {
            String[] names = {
                "stray_continuation",
                "overlong_slash",
                "surrogate",
                "byte_ff",
                "cut_sequence",
                "latin1"
            };
            byte[][] bad = {
                {(byte) 0x80},
                {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xFF},
                {(byte) 0xE2, (byte) 0x82},
                {(byte) 0xE9}
            };
            int v = random.nextInt(names.length);
            fields.put("user_agent", "\"\u0001\"");
            byte[] template = render();
            return rejected(
                    HostileKind.INVALID_UTF8,
                    names[v],
                    ReasonCode.NOT_UTF8,
                    splice(template, (byte) 0x01, bad[v]));
        }

        HostileRecord nulBytes() {
            switch (random.nextInt(5)) {
                case 0 -> {
                    // JSON forbids raw control characters inside strings
                    fields.put("user_agent", "\"\u0001\"");
                    byte[] value = splice(render(), (byte) 0x01, new byte[] {'a', 0, 'b'});
                    return rejected(
                            HostileKind.NUL_BYTES,
                            "raw_in_string",
                            ReasonCode.MALFORMED_JSON,
                            value);
                }
                case 1 -> {
                    fields.put("click_id", json(clickId + "\\u0000"));
                    return rejected(
                            HostileKind.NUL_BYTES, "escaped_in_id", ReasonCode.INVALID_CHARACTER);
                }
                case 2 -> {
                    fields.put("user_agent", json("Mozilla/5.0\\u0000 (X11)"));
                    return rejected(
                            HostileKind.NUL_BYTES,
                            "escaped_in_user_agent",
                            ReasonCode.INVALID_CHARACTER);
                }
                case 3 -> {
                    byte[] click = render();
                    byte[] value = Arrays.copyOf(click, click.length + 1);
                    return rejected(
                            HostileKind.NUL_BYTES,
                            "after_object",
                            ReasonCode.MALFORMED_JSON,
                            value);
                }
                default -> {
                    return rejected(
                            HostileKind.NUL_BYTES,
                            "only_nuls",
                            ReasonCode.MALFORMED_JSON,
                            new byte[1 + random.nextInt(64)]);
                }
            }
        }

        HostileRecord duplicateKeys() {
            String[] names = {"same_value", "other_value", "nested", "unknown_field"};
            int v = random.nextInt(names.length);
            String extra =
                    switch (v) {
                        case 0 -> "\"click_id\":" + json(clickId);
                        case 1 -> "\"ip\":" + json("198.51.100.9");
                        case 2 -> "\"extra\":{\"a\":1,\"a\":2}";
                        default -> "\"x\":1,\"x\":2";
                    };
            return rejected(
                    HostileKind.DUPLICATE_KEYS,
                    names[v],
                    ReasonCode.DUPLICATE_FIELD,
                    render(extra));
        }

        HostileRecord nanInfinity() {
            String[] names = {
                "nan_literal",
                "infinity_literal",
                "minus_infinity_literal",
                "nan_in_unknown_field",
                "nan_string",
                "exponent_overflow"
            };
            String[] ts = {"NaN", "Infinity", "-Infinity", null, "\"NaN\"", "1e400"};
            int v = random.nextInt(names.length);
            if (v == 3) {
                fields.put("score", "NaN");
            } else {
                fields.put("ts", ts[v]);
            }
            // the literals are not JSON; a string or a float where an integer belongs is a type
            ReasonCode reason = v <= 3 ? ReasonCode.MALFORMED_JSON : ReasonCode.WRONG_TYPE;
            return rejected(HostileKind.NAN_INFINITY, names[v], reason);
        }

        HostileRecord tsNegative() {
            String[] names = {"minus_one", "mirrored", "long_min"};
            long[] values = {-1, -eventMillis, Long.MIN_VALUE};
            int v = random.nextInt(names.length);
            fields.put("ts", Long.toString(values[v]));
            return rejected(HostileKind.TS_NEGATIVE, names[v], ReasonCode.TIMESTAMP_OUT_OF_RANGE);
        }

        HostileRecord tsFarFuture() {
            String[] names = {"year_2100", "year_9999", "microseconds", "long_max", "past_long"};
            String[] values = {
                Long.toString(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()),
                Long.toString(Instant.parse("9999-12-31T23:59:59Z").toEpochMilli()),
                Long.toString(eventMillis * 1000),
                Long.toString(Long.MAX_VALUE),
                "99999999999999999999999"
            };
            int v = random.nextInt(names.length);
            fields.put("ts", values[v]);
            return rejected(HostileKind.TS_FAR_FUTURE, names[v], ReasonCode.TIMESTAMP_OUT_OF_RANGE);
        }

        HostileRecord tsSeconds() {
            if (random.nextInt(4) == 0) {
                fields.put("ts", (eventMillis / 1000) + ".5");
                return rejected(HostileKind.TS_SECONDS, "fractional", ReasonCode.WRONG_TYPE);
            }
            fields.put("ts", Long.toString(eventMillis / 1000));
            return rejected(HostileKind.TS_SECONDS, "whole", ReasonCode.TIMESTAMP_OUT_OF_RANGE);
        }

        HostileRecord ipv6() {
            int[] g = new int[8];
            g[0] = 0x2001;
            g[1] = 0x0db8;
            for (int i = 2; i < 8; i++) {
                // zero runs now and then, so that compression has something to do
                g[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(0x10000);
            }
            g[7] = 1 + random.nextInt(0xFFFF);
            String canonical = compressed(g);
            String v4 = "198.51.100." + (1 + random.nextInt(254));
            int v = random.nextInt(16);
            return switch (v) {
                case 0 -> accepted("compressed", canonical, canonical);
                case 1 -> accepted("full", full(g), canonical);
                case 2 -> accepted("upper_case", canonical.toUpperCase(), canonical);
                case 3 -> accepted("mixed_case", mixedCase(full(g)), canonical);
                case 4 -> accepted("ipv4_mapped", "::ffff:" + v4, v4);
                case 5 -> accepted("ipv4_mapped_full", "0:0:0:0:0:ffff:" + v4, v4);
                case 6 -> accepted("ipv4_mapped_hex", "::FFFF:" + mappedHex(v4), v4);
                case 7 -> accepted("uncompressed_zeros", expanded(g), canonical);
                case 8 -> rejectedIp("zone_id", "fe80::" + Integer.toHexString(g[7]) + "%eth0");
                case 9 -> rejectedIp("bracketed", "[" + canonical + "]");
                case 10 -> rejectedIp("with_port", "[" + canonical + "]:443");
                case 11 -> rejectedIp("prefix", canonical + "/64");
                case 12 ->
                        rejectedIp("two_double_colons", "2001::db8::" + Integer.toHexString(g[7]));
                case 13 -> rejectedIp("nine_groups", full(g) + ":1");
                case 14 -> rejectedIp("group_of_five", "2001:db8:12345::1");
                default -> rejectedIp("not_hex", "2001:db8::g" + Integer.toHexString(g[7]));
            };
        }

        private HostileRecord accepted(String variant, String ip, String canonicalIp) {
            fields.put("ip", json(ip));
            return new HostileRecord(
                    seq,
                    HostileKind.IPV6_FORMS,
                    variant,
                    key(),
                    render(),
                    eventMillis,
                    null,
                    clickId,
                    canonicalIp);
        }

        private HostileRecord rejectedIp(String variant, String ip) {
            fields.put("ip", json(ip));
            return rejected(HostileKind.IPV6_FORMS, variant, ReasonCode.INVALID_IP);
        }

        HostileRecord overlong() {
            int v = random.nextInt(6);
            switch (v) {
                case 0 -> fields.put("click_id", json(clickId + "-" + "x".repeat(256)));
                case 1 -> fields.put("session_id", json("s".repeat(257 + random.nextInt(4000))));
                case 2 -> fields.put("user_agent", json("u".repeat(2049 + random.nextInt(12000))));
                case 3 -> fields.put("user_agent", json("\u00e9".repeat(2049)));
                case 4 -> fields.put("placement", json("p".repeat(257)));
                default -> {
                    // Jackson's own limit on the digits of a number
                    fields.put("ts", "1" + "0".repeat(1000 + random.nextInt(1000)));
                }
            }
            String[] names = {
                "click_id",
                "session_id",
                "user_agent",
                "user_agent_non_ascii",
                "placement",
                "number_digits"
            };
            return rejected(HostileKind.OVERLONG_STRINGS, names[v], ReasonCode.FIELD_TOO_LONG);
        }

        HostileRecord wrongTypes() {
            String[] names = {
                "ts_string",
                "ts_bool",
                "logged_in_string",
                "logged_in_number",
                "click_id_number",
                "ip_number",
                "device_array",
                "user_agent_object",
                "user_id_number"
            };
            String[][] changes = {
                {"ts", json(Instant.ofEpochMilli(eventMillis).toString())},
                {"ts", "true"},
                {"logged_in", json("yes")},
                {"logged_in", "1"},
                {"click_id", Long.toString(seq)},
                {"ip", "3405803777"},
                {"device", "[\"desktop\"]"},
                {"user_agent", "{}"},
                {"user_id", "42"}
            };
            int v = random.nextInt(names.length);
            fields.put(changes[v][0], changes[v][1]);
            return rejected(HostileKind.WRONG_TYPES, names[v], ReasonCode.WRONG_TYPE);
        }

        HostileRecord emptyKeysValues() {
            int v = random.nextInt(13);
            return switch (v) {
                case 0 -> emptyRejected("empty_value", ReasonCode.MALFORMED_JSON, new byte[0]);
                case 1 -> emptyRejected("blank_value", ReasonCode.MALFORMED_JSON, bytes(" \n\t"));
                case 2 -> emptyRejected("empty_object", ReasonCode.MISSING_FIELD, bytes("{}"));
                case 3 -> emptyRejected("empty_array", ReasonCode.MALFORMED_JSON, bytes("[]"));
                case 4 -> emptyRejected("empty_string", ReasonCode.MALFORMED_JSON, bytes("\"\""));
                case 5 -> emptyField("click_id", ReasonCode.INVALID_VALUE);
                case 6 -> emptyField("session_id", ReasonCode.INVALID_VALUE);
                case 7 -> emptyField("ip", ReasonCode.INVALID_IP);
                case 8 -> emptyField("device", ReasonCode.INVALID_DEVICE);
                case 9 -> {
                    fields.put("click_id", "null");
                    yield rejected(
                            HostileKind.EMPTY_KEYS_VALUES, "null_click_id", ReasonCode.NULL_FIELD);
                }
                // what the contract allows: free text may be empty, unknown field names (the
                // empty one too) are skipped, and the job does not read the Kafka key
                case 10 -> {
                    fields.put("user_agent", json(""));
                    yield click("empty_user_agent", key());
                }
                case 11 -> click("empty_field_name", key(), "\"\":" + json("x"));
                default ->
                        click(
                                random.nextBoolean() ? "empty_kafka_key" : "null_kafka_key",
                                random.nextBoolean() ? new byte[0] : null);
            };
        }

        private HostileRecord emptyRejected(String variant, ReasonCode reason, byte[] value) {
            return rejected(HostileKind.EMPTY_KEYS_VALUES, variant, reason, value);
        }

        private HostileRecord emptyField(String field, ReasonCode reason) {
            fields.put(field, json(""));
            return rejected(HostileKind.EMPTY_KEYS_VALUES, "empty_" + field, reason);
        }

        private HostileRecord click(String variant, byte[] key, String... extra) {
            return new HostileRecord(
                    seq,
                    HostileKind.EMPTY_KEYS_VALUES,
                    variant,
                    key,
                    render(extra),
                    eventMillis,
                    null,
                    clickId,
                    unquote(fields.get("ip")));
        }

        HostileRecord tombstone() {
            boolean keyed = random.nextBoolean();
            return new HostileRecord(
                    seq,
                    HostileKind.TOMBSTONE,
                    keyed ? "keyed" : "no_key",
                    keyed ? key() : null,
                    null,
                    eventMillis,
                    ReasonCode.MALFORMED_JSON,
                    null,
                    null);
        }

        private HostileRecord rejected(HostileKind kind, String variant, ReasonCode reason) {
            return rejected(kind, variant, reason, render());
        }

        private HostileRecord rejected(
                HostileKind kind, String variant, ReasonCode reason, byte[] value) {
            return new HostileRecord(
                    seq, kind, variant, key(), value, eventMillis, reason, null, null);
        }

        private byte[] key() {
            return bytes(userId);
        }

        /** The fields as one JSON object, with {@code extra} raw members at the end. */
        private byte[] render(String... extra) {
            StringBuilder out = new StringBuilder(256);
            out.append('{');
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append('"').append(e.getKey()).append("\":").append(e.getValue());
            }
            for (String member : extra) {
                out.append(',').append(member);
            }
            return bytes(out.append('}').toString());
        }

        /** {@code template} with its single {@code marker} byte replaced by {@code bad}. */
        private byte[] splice(byte[] template, byte marker, byte[] bad) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(template.length + bad.length);
            for (byte b : template) {
                if (b == marker) {
                    out.writeBytes(bad);
                } else {
                    out.write(b);
                }
            }
            return out.toByteArray();
        }

        private String mixedCase(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
            }
            return out.toString();
        }
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
    static String compressed(int[] g) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** Eight groups of four hex digits. */
    static String full(int[] g) {
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(String.format("%04x", g[i]));
        }
        return out.toString();
    }

    /** Eight groups without leading zeros and without ::. */
    static String expanded(int[] g) {
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** The last 32 bits of an IPv4-mapped address in hex: {@code c633:6407} for 198.51.100.7. */
    static String mappedHex(String v4) {
        String[] octets = v4.split("\\.");
        int[] o = new int[4];
        for (int i = 0; i < 4; i++) {
            o[i] = Integer.parseInt(octets[i]);
        }
        return Integer.toHexString(o[0] << 8 | o[1]) + ":" + Integer.toHexString(o[2] << 8 | o[3]);
    }

    private static String json(String text) {
        return "\"" + text + "\"";
    }

    private static String unquote(String json) {
        return json.substring(1, json.length() - 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
