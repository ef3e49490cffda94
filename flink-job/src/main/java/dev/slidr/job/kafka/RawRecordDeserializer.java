package dev.slidr.job.kafka;

import dev.slidr.contract.DeadLetter;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record into a {@link RawRecord}; it never throws, so no record can fail the
 * source. Values over the size limit keep only their first bytes (what a dead letter can hold), so
 * a huge record is not shipped through the job.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    private final int maxValueBytes;

    /** Values longer than {@code maxValueBytes} are marked oversized. */
    public RawRecordDeserializer(int maxValueBytes) {
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("maxValueBytes must be positive: " + maxValueBytes);
        }
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(toRaw(record));
    }

    RawRecord toRaw(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null) {
            return new RawRecord(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.timestamp(),
                    null,
                    -1,
                    false);
        }
        boolean oversized = value.length > maxValueBytes;
        byte[] kept =
                oversized && value.length > DeadLetter.MAX_ORIGINAL_BYTES
                        ? Arrays.copyOf(value, DeadLetter.MAX_ORIGINAL_BYTES)
                        : value;
        return new RawRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                kept,
                value.length,
                oversized);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return RawRecord.TYPE_INFO;
    }
}
