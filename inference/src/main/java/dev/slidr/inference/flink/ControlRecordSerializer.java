package dev.slidr.inference.flink;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link ControlRecord}, in place of Flink's reflective record (POJO) serializer.
 * Format 1: the command's byte count and bytes, the record's timestamp, the source topic ({@link
 * Utf8Strings}), partition and offset. Control records only cross the network from the control
 * source to the scoring subtasks and are never in state.
 */
public final class ControlRecordSerializer extends ImmutableValueSerializer<ControlRecord> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The largest command accepted back: the contract's limit ({@code ControlCodec}) with room to
     * spare, so corrupt bytes cannot ask for a huge array.
     */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

    @Override
    public void serialize(ControlRecord record, DataOutputView out) throws IOException {
        byte[] command = record.command();
        out.writeInt(command.length);
        out.write(command);
        out.writeLong(record.ts());
        Utf8Strings.write(record.sourceTopic(), out);
        out.writeInt(record.sourcePartition());
        out.writeLong(record.sourceOffset());
    }

    @Override
    public ControlRecord deserialize(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_COMMAND_BYTES) {
            throw new CorruptStateException(
                    "control record: command length "
                            + length
                            + " outside 0.."
                            + MAX_COMMAND_BYTES);
        }
        byte[] command = new byte[length];
        in.readFully(command);
        long ts = in.readLong();
        String topic = Utf8Strings.read(in);
        if (topic == null) {
            throw new CorruptStateException("control record: no source topic");
        }
        return new ControlRecord(command, ts, topic, in.readInt(), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<ControlRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link ControlRecordSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<ControlRecord> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<ControlRecord> currentSerializer() {
            return new ControlRecordSerializer();
        }
    }
}
