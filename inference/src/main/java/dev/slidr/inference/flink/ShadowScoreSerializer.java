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
 * Serializer of {@link ShadowScore}, in place of Flink's reflective record (POJO) serializer.
 * Format 1: slice, shadow version, active version ({@link Utf8Strings}), one byte of flags (bit 0:
 * the active decision invalidated, bit 1: the shadow would have), the shadow's score as a double,
 * the event time. Shadow scores only cross the network to the shadow metrics and are never in
 * state.
 */
public final class ShadowScoreSerializer extends ImmutableValueSerializer<ShadowScore> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    @Override
    public void serialize(ShadowScore score, DataOutputView out) throws IOException {
        Utf8Strings.write(score.slice(), out);
        Utf8Strings.write(score.shadowVersion(), out);
        Utf8Strings.write(score.activeVersion(), out);
        out.writeByte((score.activeInvalid() ? 1 : 0) | (score.shadowInvalid() ? 2 : 0));
        out.writeDouble(score.shadowScore());
        out.writeLong(score.eventTs());
    }

    @Override
    public ShadowScore deserialize(DataInputView in) throws IOException {
        String slice = required(Utf8Strings.read(in), "slice");
        String shadow = required(Utf8Strings.read(in), "shadow version");
        String active = required(Utf8Strings.read(in), "active version");
        int flags = in.readUnsignedByte();
        if (flags > 3) {
            throw new CorruptStateException("shadow score: unknown flags " + flags);
        }
        return new ShadowScore(
                slice,
                shadow,
                active,
                (flags & 1) != 0,
                (flags & 2) != 0,
                in.readDouble(),
                in.readLong());
    }

    private static String required(String value, String what) throws CorruptStateException {
        if (value == null) {
            throw new CorruptStateException("shadow score: no " + what);
        }
        return value;
    }

    @Override
    public TypeSerializerSnapshot<ShadowScore> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link ShadowScoreSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<ShadowScore> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<ShadowScore> currentSerializer() {
            return new ShadowScoreSerializer();
        }
    }
}
