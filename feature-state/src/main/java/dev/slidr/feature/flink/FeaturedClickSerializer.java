package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link FeaturedClick}. Format 3: the click in its after-ingress form ({@link
 * ClickSerializer#serializeAfterIngress}), the feature version string ({@link Utf8Strings}), the
 * vector length as an int and the floats, the late flag, the read time as a long. Formats 1 (no
 * read time) and 2 (the whole click) are not read: these records only cross the network between
 * operators (the scoring operator flushes its batches before every checkpoint barrier), so no
 * savepoint holds them.
 */
public final class FeaturedClickSerializer extends ImmutableValueSerializer<FeaturedClick> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 3;

    /** Bound on a vector's length; feature schemas are a few dozen features. */
    static final int MAX_FEATURES = 4096;

    @Override
    public void serialize(FeaturedClick record, DataOutputView out) throws IOException {
        ClickSerializer.serializeAfterIngress(record.click(), out);
        Utf8Strings.write(record.featureVersion(), out);
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
        Click click = ClickSerializer.deserializeAfterIngress(in);
        String version = Utf8Strings.read(in);
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
