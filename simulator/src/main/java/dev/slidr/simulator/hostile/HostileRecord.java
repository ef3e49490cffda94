package dev.slidr.simulator.hostile;

import dev.slidr.contract.ReasonCode;
import java.util.Objects;

/**
 * One record of a {@link HostileCorpus}, labelled with what the job must do with it.
 *
 * @param seq its place in the corpus (0, 1, ...)
 * @param kind what kind of hostile input it is
 * @param variant which form of that kind, e.g. {@code "zone_id"} (stable names, for reports)
 * @param key the Kafka key bytes; null or empty for some records on purpose
 * @param value the Kafka value bytes; null for a tombstone
 * @param timestamp the Kafka record timestamp (epoch millis)
 * @param expected the dead-letter reason the job must give; null when the record is a valid click
 * @param clickId the click id when the record is a valid click, else null
 * @param canonicalIp the IP the job must read when the record is a valid click, else null
 */
public record HostileRecord(
        long seq,
        HostileKind kind,
        String variant,
        byte[] key,
        byte[] value,
        long timestamp,
        ReasonCode expected,
        String clickId,
        String canonicalIp) {

    public HostileRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(variant, "variant");
        if ((expected == null) == (clickId == null)) {
            throw new IllegalArgumentException(
                    "a record is either a click (with its id) or a dead letter (with its reason)");
        }
    }

    /** True when the job must accept the record as a click. */
    public boolean accepted() {
        return expected == null;
    }

    /** The record's label: its kind and variant, e.g. {@code ipv6_forms/zone_id}. */
    public String label() {
        return kind.wireName() + "/" + variant;
    }

    /** The value's length in bytes; -1 for a tombstone. */
    public int valueLength() {
        return value == null ? -1 : value.length;
    }

    @Override
    public String toString() {
        return "HostileRecord["
                + seq
                + " "
                + label()
                + ", "
                + (value == null ? "tombstone" : value.length + " bytes")
                + ", "
                + (accepted() ? "click " + clickId : "dead letter " + expected.wireName())
                + "]";
    }
}
