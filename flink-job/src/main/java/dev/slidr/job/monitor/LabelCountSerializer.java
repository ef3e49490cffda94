package dev.slidr.job.monitor;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link LabelCount} between the monitor's join and its windows. Format 1: slice and
 * model version ({@link Utf8Strings}), the label time, then the four counts as one signed byte
 * each.
 */
public final class LabelCountSerializer extends ImmutableValueSerializer<LabelCount> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    @Override
    public void serialize(LabelCount c, DataOutputView out) throws IOException {
        Utf8Strings.write(c.slice(), out);
        Utf8Strings.write(c.modelVersion(), out);
        out.writeLong(c.labelTs());
        out.writeInt(c.clicks());
        out.writeInt(c.invalid());
        out.writeInt(c.converting());
        out.writeInt(c.convertingInvalid());
    }

    @Override
    public LabelCount deserialize(DataInputView in) throws IOException {
        String slice = required(Utf8Strings.read(in), "slice");
        String version = required(Utf8Strings.read(in), "model version");
        long labelTs = in.readLong();
        return new LabelCount(
                slice, version, labelTs, in.readInt(), in.readInt(), in.readInt(), in.readInt());
    }

    private static String required(String value, String what) throws CorruptStateException {
        if (value == null) {
            throw new CorruptStateException("label count: no " + what);
        }
        return value;
    }

    @Override
    public TypeSerializerSnapshot<LabelCount> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link LabelCountSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<LabelCount> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<LabelCount> currentSerializer() {
            return new LabelCountSerializer();
        }
    }
}
