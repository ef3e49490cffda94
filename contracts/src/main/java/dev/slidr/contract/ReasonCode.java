package dev.slidr.contract;

import java.util.Optional;

/**
 * Why an input record was rejected; the wire name travels with every dead letter and is stable
 * across releases (new codes may be added, existing names never change meaning).
 */
public enum ReasonCode {
    /** More bytes than the configured maximum; checked before any parsing. */
    OVERSIZED("oversized"),
    /** Not valid UTF-8 (malformed or unmappable byte sequences). */
    NOT_UTF8("not_utf8"),
    /** Not a single JSON object: syntax error, empty input, trailing content, not an object. */
    MALFORMED_JSON("malformed_json"),
    /** Nesting deeper than the configured maximum. */
    TOO_DEEP("too_deep"),
    /** A field name occurs twice in one object. */
    DUPLICATE_FIELD("duplicate_field"),
    /** A required field is absent. */
    MISSING_FIELD("missing_field"),
    /** A required field is present but {@code null} (or an empty cell in CSV). */
    NULL_FIELD("null_field"),
    /** A field has the wrong JSON type, e.g. a string timestamp or {@code "yes"} for a boolean. */
    WRONG_TYPE("wrong_type"),
    /** A timestamp outside the plausible window. */
    TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range"),
    /** An IP address that is not a single IPv4 or IPv6 host address. */
    INVALID_IP("invalid_ip"),
    /** A device class that is not one of desktop, mobile, app, other. */
    INVALID_DEVICE("invalid_device"),
    /** A string field longer than its configured limit. */
    FIELD_TOO_LONG("field_too_long"),
    /** A string with control characters, bidirectional overrides or unpaired surrogates. */
    INVALID_CHARACTER("invalid_character"),
    /** A value of the right type outside its allowed set or range (empty id, unknown kind). */
    INVALID_VALUE("invalid_value"),
    /** A CSV file whose structure cannot be read on (e.g. an unterminated quote). */
    MALFORMED_CSV("malformed_csv"),
    /**
     * A conversion repeating an earlier one exactly (click id, time, kind); found where conversions
     * are joined to their clicks.
     */
    DUPLICATE_CONVERSION("duplicate_conversion"),
    /** A conversion dated before the click it names; found where conversions meet clicks. */
    CONVERSION_BEFORE_CLICK("conversion_before_click"),
    /**
     * A conversion later than the attribution window after its click; found where conversions meet
     * clicks.
     */
    CONVERSION_OUTSIDE_WINDOW("conversion_outside_window"),
    /** A field the record's contract does not have (control commands are strict about it). */
    UNKNOWN_FIELD("unknown_field"),
    /**
     * A control command naming a model bundle that cannot be used (missing, or failing its
     * signature or checksums); found by the scoring subtasks, which keep the model they had.
     */
    MODEL_REFUSED("model_refused");

    private final String wireName;

    ReasonCode(String wireName) {
        this.wireName = wireName;
    }

    /** The stable name used on the wire, in metrics and in corpus file names. */
    public String wireName() {
        return wireName;
    }

    /** The code with this wire name; empty for anything else. */
    public static Optional<ReasonCode> fromWireName(String name) {
        for (ReasonCode code : values()) {
            if (code.wireName.equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
