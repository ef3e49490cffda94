package dev.slidr.simulator.hostile;

/** The kinds of input that break parsers, as {@link HostileCorpus} produces them. */
public enum HostileKind {
    /** Objects and arrays nested past the contract's depth limit. */
    DEEP_NESTING("deep_nesting"),
    /** Records past the size limit, up to the corpus's largest (10 MiB by default). */
    HUGE_RECORD("huge_record"),
    /** Bytes that are not UTF-8: stray continuation bytes, overlong forms, surrogates. */
    INVALID_UTF8("invalid_utf8"),
    /** NUL, raw in the bytes or escaped in a string. */
    NUL_BYTES("nul_bytes"),
    /** A field name twice in one object. */
    DUPLICATE_KEYS("duplicate_keys"),
    /** NaN and infinities, as literals, strings and out-of-range numbers. */
    NAN_INFINITY("nan_infinity"),
    /** Timestamps before the epoch. */
    TS_NEGATIVE("ts_negative"),
    /** Timestamps past the plausible window, up to numbers that fit no long. */
    TS_FAR_FUTURE("ts_far_future"),
    /** Timestamps in epoch seconds where the contract wants milliseconds. */
    TS_SECONDS("ts_seconds"),
    /** IPv6 in its textual forms: the valid ones are clicks, zones and the like are not. */
    IPV6_FORMS("ipv6_forms"),
    /** Strings past their field's length limit, inside the record size limit. */
    OVERLONG_STRINGS("overlong_strings"),
    /** A field of the wrong JSON type. */
    WRONG_TYPES("wrong_types"),
    /** Empty record values, empty objects, empty field values and empty field names. */
    EMPTY_KEYS_VALUES("empty_keys_values"),
    /** A Kafka record with a null value. */
    TOMBSTONE("tombstone");

    private final String wireName;

    HostileKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in summaries and reports. */
    public String wireName() {
        return wireName;
    }
}
