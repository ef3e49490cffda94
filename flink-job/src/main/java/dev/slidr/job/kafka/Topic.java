package dev.slidr.job.kafka;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.util.function.SerializableFunction;

/**
 * One Kafka topic bound to its name and to how its records become key and value bytes.
 *
 * @param name the topic name
 * @param key the record key; may return null (no key: the producer spreads records)
 * @param value the record value
 * @param <T> the record type the topic carries
 */
public record Topic<T>(
        String name, SerializableFunction<T, byte[]> key, SerializableFunction<T, byte[]> value)
        implements Serializable {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The key bytes of {@code record}, or null. */
    public byte[] keyOf(T record) {
        return key.apply(record);
    }

    /** The value bytes of {@code record}. */
    public byte[] valueOf(T record) {
        return value.apply(record);
    }
}
