package dev.slidr.inference.flink;

import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.ReasonCode;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.feature.flink.SerializerTypeInfo;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link DeadLetter} (a contracts record, which knows nothing of Flink), in place of
 * Flink's reflective record (POJO) serializer. Format 1: the kept original bytes (count, bytes),
 * the original length, the reason's wire name, message, source topic (nullable), partition, offset,
 * ts; strings as {@link Utf8Strings}. Dead letters only cross the network on their way to the sink
 * and are never in state.
 */
public final class DeadLetterSerializer extends ImmutableValueSerializer<DeadLetter> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    /** Kryo- and POJO-free type information of dead letters. */
    public static final TypeInformation<DeadLetter> TYPE_INFO =
            new SerializerTypeInfo<>(DeadLetter.class, DeadLetterSerializer::new);

    @Override
    public void serialize(DeadLetter letter, DataOutputView out) throws IOException {
        byte[] original = letter.original();
        out.writeInt(original.length);
        out.write(original);
        out.writeLong(letter.originalLength());
        Utf8Strings.write(letter.reason().wireName(), out);
        Utf8Strings.write(letter.message(), out);
        Utf8Strings.write(letter.sourceTopic(), out);
        out.writeInt(letter.sourcePartition());
        out.writeLong(letter.sourceOffset());
        out.writeLong(letter.ts());
    }

    @Override
    public DeadLetter deserialize(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > DeadLetter.MAX_ORIGINAL_BYTES) {
            throw new CorruptStateException("dead letter keeps " + length + " original bytes");
        }
        byte[] original = new byte[length];
        in.readFully(original);
        long originalLength = in.readLong();
        String reasonName = Utf8Strings.read(in);
        ReasonCode reason =
                ReasonCode.fromWireName(reasonName)
                        .orElseThrow(
                                () ->
                                        new CorruptStateException(
                                                "dead letter with unknown reason '"
                                                        + reasonName
                                                        + "'"));
        String message = Utf8Strings.read(in);
        if (message == null) {
            throw new CorruptStateException("dead letter has no message");
        }
        String topic = Utf8Strings.read(in);
        int partition = in.readInt();
        long offset = in.readLong();
        long ts = in.readLong();
        try {
            return new DeadLetter(
                    original, originalLength, reason, message, topic, partition, offset, ts);
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException("dead letter: " + e.getMessage(), e);
        }
    }

    @Override
    public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link DeadLetterSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<DeadLetter> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<DeadLetter> currentSerializer() {
            return new DeadLetterSerializer();
        }
    }
}
