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
 * Serializer of {@link LabelledDecision}, in place of Flink's reflective record (POJO) serializer.
 * Format 1: click id, slice, model version ({@link Utf8Strings}), one byte of flags (bit 0:
 * invalid, bit 1: converted), the event time.
 */
public final class LabelledDecisionSerializer extends ImmutableValueSerializer<LabelledDecision> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    @Override
    public void serialize(LabelledDecision d, DataOutputView out) throws IOException {
        Utf8Strings.write(d.clickId(), out);
        Utf8Strings.write(d.slice(), out);
        Utf8Strings.write(d.modelVersion(), out);
        out.writeByte((d.invalid() ? 1 : 0) | (d.converted() ? 2 : 0));
        out.writeLong(d.eventTs());
    }

    @Override
    public LabelledDecision deserialize(DataInputView in) throws IOException {
        String clickId = required(Utf8Strings.read(in), "click id");
        String slice = required(Utf8Strings.read(in), "slice");
        String version = required(Utf8Strings.read(in), "model version");
        int flags = in.readUnsignedByte();
        if (flags > 3) {
            throw new CorruptStateException("labelled decision: unknown flags " + flags);
        }
        return new LabelledDecision(
                clickId, slice, version, (flags & 1) != 0, (flags & 2) != 0, in.readLong());
    }

    private static String required(String value, String what) throws CorruptStateException {
        if (value == null) {
            throw new CorruptStateException("labelled decision: no " + what);
        }
        return value;
    }

    @Override
    public TypeSerializerSnapshot<LabelledDecision> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link LabelledDecisionSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<LabelledDecision> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<LabelledDecision> currentSerializer() {
            return new LabelledDecisionSerializer();
        }
    }
}
