package dev.slidr.feature.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link IngestedClick}. Format 2: the click in its after-ingress form ({@link
 * ClickSerializer#serializeAfterIngress}), then the read time as a long. Format 1 (the whole click,
 * strings char by char) is not read: these records only cross the network between operators and are
 * never in state, so no savepoint holds them.
 */
public final class IngestedClickSerializer extends ImmutableValueSerializer<IngestedClick> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 2;

    @Override
    public void serialize(IngestedClick record, DataOutputView out) throws IOException {
        ClickSerializer.serializeAfterIngress(record.click(), out);
        out.writeLong(record.readMicros());
    }

    @Override
    public IngestedClick deserialize(DataInputView in) throws IOException {
        return new IngestedClick(ClickSerializer.deserializeAfterIngress(in), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<IngestedClick> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link IngestedClickSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<IngestedClick> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<IngestedClick> currentSerializer() {
            return new IngestedClickSerializer();
        }
    }
}
