package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.UserFeatures;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link UserFeaturedClick}. Format 3: the click in its after-ingress form ({@link
 * ClickSerializer#serializeAfterIngress}), then the user features in record order: four counts as
 * longs, velocity, seconds since previous and the two distinct counts as doubles, the late flag;
 * then the read time as a long. Formats 1 (no read time) and 2 (the whole click) are not read:
 * these records only cross the network between operators and are never in state, so no savepoint
 * holds them.
 */
public final class UserFeaturedClickSerializer extends ImmutableValueSerializer<UserFeaturedClick> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 3;

    @Override
    public void serialize(UserFeaturedClick record, DataOutputView out) throws IOException {
        ClickSerializer.serializeAfterIngress(record.click(), out);
        writeUser(record.user(), out);
        out.writeLong(record.readMicros());
    }

    /** Writes user features in this format; also part of {@link AdFeaturedClickSerializer}'s. */
    static void writeUser(UserFeatures user, DataOutputView out) throws IOException {
        out.writeLong(user.clicks1m());
        out.writeLong(user.clicks5m());
        out.writeLong(user.clicks1h());
        out.writeLong(user.clicks24h());
        out.writeDouble(user.velocity());
        out.writeDouble(user.secondsSincePrevious());
        out.writeDouble(user.distinctAds1h());
        out.writeDouble(user.distinctAdvertisers1h());
        out.writeBoolean(user.late());
    }

    @Override
    public UserFeaturedClick deserialize(DataInputView in) throws IOException {
        Click click = ClickSerializer.deserializeAfterIngress(in);
        return new UserFeaturedClick(click, readUser(in), in.readLong());
    }

    /** Reads user features written by {@link #writeUser}. */
    static UserFeatures readUser(DataInputView in) throws IOException {
        return new UserFeatures(
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readBoolean());
    }

    @Override
    public TypeSerializerSnapshot<UserFeaturedClick> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link UserFeaturedClickSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<UserFeaturedClick> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<UserFeaturedClick> currentSerializer() {
            return new UserFeaturedClickSerializer();
        }
    }
}
