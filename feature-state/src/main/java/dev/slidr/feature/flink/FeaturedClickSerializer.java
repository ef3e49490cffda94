package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializer of {@link FeaturedClick}. Format 2: the click ({@link ClickSerializer}), the feature
 * version string, the vector length as an int and the floats, the late flag, the read time as a
 * long. Format 1 (no read time) is not read: these records only cross the network between operators
 * (the scoring operator flushes its batches before every checkpoint barrier), so no savepoint holds
 * them.
 */
public final class FeaturedClickSerializer extends ImmutableValueSerializer<FeaturedClick> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 2;

    /** Bound on a vector's length; feature schemas are a few dozen features. */
    static final int MAX_FEATURES = 4096;

    @Override
    public void serialize(FeaturedClick record, DataOutputView out) throws IOException {
        ClickSerializer.INSTANCE.serialize(record.click(), out);
        StringValue.writeString(record.featureVersion(), out);
        float[] features = record.features();
        out.writeInt(features.length);
        for (float f : features) {
            out.writeFloat(f);
        }
        out.writeBoolean(record.late());
        out.writeLong(record.readMicros());
    }

    @Override
    public FeaturedClick deserialize(DataInputView in) throws IOException {
        Click click = ClickSerializer.INSTANCE.deserialize(in);
        String version = StringValue.readString(in);
        if (version == null) {
            throw new CorruptStateException("featured click " + click.clickId() + ": no version");
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FEATURES) {
            throw new CorruptStateException(
                    "featured click "
                            + click.clickId()
                            + ": vector length "
                            + length
                            + " outside 0.."
                            + MAX_FEATURES);
        }
        float[] features = new float[length];
        for (int i = 0; i < length; i++) {
            features[i] = in.readFloat();
        }
        boolean late = in.readBoolean();
        long readMicros = in.readLong();
        try {
            return new FeaturedClick(click, version, features, late, readMicros);
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException(
                    "featured click " + click.clickId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TypeSerializerSnapshot<FeaturedClick> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link FeaturedClickSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<FeaturedClick> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<FeaturedClick> currentSerializer() {
            return new FeaturedClickSerializer();
        }
    }
}
