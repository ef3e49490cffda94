package dev.slidr.job.ingress;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.ClickSerializer;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.rules.givt.GivtReason;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link GivtVerdict}, in place of Flink's reflective record (POJO) serializer.
 * Format 1: the click in its after-ingress form ({@link ClickSerializer#serializeAfterIngress}: no
 * user agent, no placement; nothing after the screening reads them), the reason as one byte (0 for
 * none, else 1 + its position in {@link #REASONS}), the read time as a long. Verdicts only cross
 * the network between operators and are never in state, so no savepoint holds them.
 */
public final class GivtVerdictSerializer extends ImmutableValueSerializer<GivtVerdict> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The reasons by their byte, fixed here rather than taken from the enum's order so that adding
     * or reordering reasons cannot change what a byte means.
     */
    static final GivtReason[] REASONS = {
        GivtReason.DECLARED_ROBOT, GivtReason.DATA_CENTRE_IP, GivtReason.DUPLICATE_CLICK
    };

    @Override
    public void serialize(GivtVerdict verdict, DataOutputView out) throws IOException {
        ClickSerializer.serializeAfterIngress(verdict.click(), out);
        out.writeByte(reasonByte(verdict.reason()));
        out.writeLong(verdict.readMicros());
    }

    @Override
    public GivtVerdict deserialize(DataInputView in) throws IOException {
        Click click = ClickSerializer.deserializeAfterIngress(in);
        int code = in.readUnsignedByte();
        if (code > REASONS.length) {
            throw new CorruptStateException(
                    "verdict of click " + click.clickId() + ": unknown reason byte " + code);
        }
        GivtReason reason = code == 0 ? null : REASONS[code - 1];
        return new GivtVerdict(click, reason, in.readLong());
    }

    private static int reasonByte(GivtReason reason) {
        if (reason == null) {
            return 0;
        }
        for (int i = 0; i < REASONS.length; i++) {
            if (REASONS[i] == reason) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("reason " + reason + " has no byte in the format");
    }

    @Override
    public TypeSerializerSnapshot<GivtVerdict> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link GivtVerdictSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<GivtVerdict> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<GivtVerdict> currentSerializer() {
            return new GivtVerdictSerializer();
        }
    }
}
