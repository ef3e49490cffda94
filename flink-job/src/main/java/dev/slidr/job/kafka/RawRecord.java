package dev.slidr.job.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record as the source read it, before any parsing: the value bytes with their
 * coordinates, so that a record the parser rejects can be dead-lettered with its origin.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset offset in the partition
 * @param timestamp the Kafka record timestamp (epoch millis)
 * @param value the value bytes; null for a tombstone; only the first bytes when {@code oversized}
 * @param valueLength the full length of the value in Kafka (-1 for a tombstone)
 * @param oversized true when the value was longer than the source carries; {@code value} then holds
 *     its first bytes only
 */
public record RawRecord(
        String topic,
        int partition,
        long offset,
        long timestamp,
        byte[] value,
        int valueLength,
        boolean oversized) {

    public RawRecord {
        Objects.requireNonNull(topic, "topic");
    }

    /** True for a record with a null value (a tombstone). */
    public boolean tombstone() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && topic.equals(r.topic)
                && partition == r.partition
                && offset == r.offset
                && timestamp == r.timestamp
                && Arrays.equals(value, r.value)
                && valueLength == r.valueLength
                && oversized == r.oversized;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "RawRecord["
                + topic
                + "/"
                + partition
                + "@"
                + offset
                + ", ts="
                + timestamp
                + ", "
                + (value == null ? "tombstone" : valueLength + " bytes")
                + (oversized ? ", oversized" : "")
                + "]";
    }
}
