package dev.slidr.job.kafka;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link RawRecord}, in place of Flink's reflective record (POJO) serializer. Format
 * 1: topic ({@link Utf8Strings}), partition, offset, timestamp, the value as its byte count (-1 for
 * a tombstone) and bytes, the full value length, the oversized flag. Raw records only cross from
 * the source to the parse stage, which are chained; they are never in state.
 */
public final class RawRecordSerializer extends ImmutableValueSerializer<RawRecord> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    /** Bound on the value bytes: the source keeps at most the dead letter's original bytes. */
    static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;

    @Override
    public void serialize(RawRecord record, DataOutputView out) throws IOException {
        Utf8Strings.write(record.topic(), out);
        out.writeInt(record.partition());
        out.writeLong(record.offset());
        out.writeLong(record.timestamp());
        byte[] value = record.value();
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
        out.writeInt(record.valueLength());
        out.writeBoolean(record.oversized());
    }

    @Override
    public RawRecord deserialize(DataInputView in) throws IOException {
        String topic = Utf8Strings.read(in);
        if (topic == null) {
            throw new CorruptStateException("raw record has no topic");
        }
        int partition = in.readInt();
        long offset = in.readLong();
        long timestamp = in.readLong();
        int length = in.readInt();
        if (length < -1 || length > MAX_VALUE_BYTES) {
            throw new CorruptStateException(
                    "raw record " + topic + "@" + offset + ": value length " + length);
        }
        byte[] value = null;
        if (length >= 0) {
            value = new byte[length];
            in.readFully(value);
        }
        return new RawRecord(
                topic, partition, offset, timestamp, value, in.readInt(), in.readBoolean());
    }

    @Override
    public TypeSerializerSnapshot<RawRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link RawRecordSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<RawRecord> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<RawRecord> currentSerializer() {
            return new RawRecordSerializer();
        }
    }
}
