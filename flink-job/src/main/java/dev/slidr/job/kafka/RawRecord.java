package dev.slidr.job.kafka;

import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import dev.slidr.feature.flink.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

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
@TypeInfo(RawRecord.TypeFactory.class)
public record RawRecord(
        String topic,
        int partition,
        long offset,
        long timestamp,
        byte[] value,
        int valueLength,
        boolean oversized) {

    /** Kryo- and POJO-free type information: {@link RawRecordSerializer}. */
    public static final TypeInformation<RawRecord> TYPE_INFO =
            new SerializerTypeInfo<>(RawRecord.class, RawRecordSerializer::new);

    public RawRecord {
        Objects.requireNonNull(topic, "topic");
    }

    /** True for a record with a null value (a tombstone). */
    public boolean tombstone() {
        return value == null;
    }

    /**
     * The dead letter of a record the source could not hand to a parser: a tombstone ({@code
     * MALFORMED_JSON}: a {@code what} must be a JSON object) or an oversized value ({@code
     * OVERSIZED}, with its full length); null for any other record.
     *
     * @param what the record's kind, for the message ("a command", "a conversion")
     * @param now the dead letter's time (processing time, epoch millis)
     */
    public DeadLetter unreadable(String what, long now) {
        if (tombstone()) {
            return DeadLetter.of(
                    new byte[0],
                    ReasonCode.MALFORMED_JSON,
                    "null record value (tombstone): " + what + " must be a JSON object",
                    topic,
                    partition,
                    offset,
                    now);
        }
        if (oversized) {
            return new DeadLetter(
                    value,
                    valueLength,
                    ReasonCode.OVERSIZED,
                    "record value of " + valueLength + " bytes exceeds the source limit",
                    topic,
                    partition,
                    offset,
                    now);
        }
        return null;
    }

    /** The dead letter of this record when its parser rejected it. */
    public DeadLetter rejected(Parsed.Rejected<?> rejection, long now) {
        return DeadLetter.of(value, rejection, topic, partition, offset, now);
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

    /** Makes {@code TypeInformation.of(RawRecord.class)} return {@link #TYPE_INFO}. */
    public static final class TypeFactory extends TypeInfoFactory<RawRecord> {
        @Override
        public TypeInformation<RawRecord> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE_INFO;
        }
    }
}
