package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdFeatures;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link AdFeaturedClick}. Format 2: the click in its after-ingress form ({@link
 * ClickSerializer#serializeAfterIngress}; format 1, not read, had the whole click), the user
 * features as {@link UserFeaturedClickSerializer} writes them, the ad features in record order
 * (four counts as longs, the late flag), then the read time as a long. These records only cross the
 * network between operators and are never in state, so no savepoint holds them.
 */
public final class AdFeaturedClickSerializer extends ImmutableValueSerializer<AdFeaturedClick> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 2;

    @Override
    public void serialize(AdFeaturedClick record, DataOutputView out) throws IOException {
        ClickSerializer.serializeAfterIngress(record.click(), out);
        UserFeaturedClickSerializer.writeUser(record.user(), out);
        AdFeatures ad = record.ad();
        out.writeLong(ad.clicks1h());
        out.writeLong(ad.clicks24h());
        out.writeLong(ad.anonymousClicks1h());
        out.writeLong(ad.anonymousClicks24h());
        out.writeBoolean(ad.late());
        out.writeLong(record.readMicros());
    }

    @Override
    public AdFeaturedClick deserialize(DataInputView in) throws IOException {
        Click click = ClickSerializer.deserializeAfterIngress(in);
        var user = UserFeaturedClickSerializer.readUser(in);
        AdFeatures ad =
                new AdFeatures(
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        in.readBoolean());
        return new AdFeaturedClick(click, user, ad, in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<AdFeaturedClick> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link AdFeaturedClickSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<AdFeaturedClick> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<AdFeaturedClick> currentSerializer() {
            return new AdFeaturedClickSerializer();
        }
    }
}
