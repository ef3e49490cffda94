package dev.slidr.inference.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.ReasonCode;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.Utf8Strings;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link DeadLetterSerializer}. */
class DeadLetterSerializerTest extends SerializerTestBase<DeadLetter> {

    @Override
    protected TypeSerializer<DeadLetter> createSerializer() {
        return new DeadLetterSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<DeadLetter> getTypeClass() {
        return DeadLetter.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<DeadLetter> serializer) {
        return true;
    }

    @Override
    protected DeadLetter[] getTestData() {
        return new DeadLetter[] {
            DeadLetter.of(
                    "{not json".getBytes(StandardCharsets.UTF_8),
                    ReasonCode.MALFORMED_JSON,
                    "unexpected end of input",
                    "clicks",
                    0,
                    12L,
                    1_700_000_000_000L),
            DeadLetter.of(
                    new byte[0],
                    ReasonCode.MALFORMED_JSON,
                    "null record value (tombstone)",
                    "clicks",
                    2,
                    3L,
                    5L),
            DeadLetter.of(
                    new byte[DeadLetter.MAX_ORIGINAL_BYTES + 10],
                    ReasonCode.OVERSIZED,
                    "record value of 32778 bytes exceeds the source limit",
                    null,
                    -1,
                    -1L,
                    0L)
        };
    }

    @Test
    void isKryoAndPojoFree() {
        assertThat(DeadLetterSerializer.TYPE_INFO).isNotInstanceOf(GenericTypeInfo.class);
        assertThat(DeadLetterSerializer.TYPE_INFO.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(DeadLetterSerializer.class);
    }

    @Test
    void rejectsAnUnknownReasonAndTooManyOriginalBytes() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(0);
        out.writeLong(0L);
        Utf8Strings.write("no_such_reason", out);
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown reason 'no_such_reason'");

        DataOutputSerializer big = new DataOutputSerializer(8);
        big.writeInt(DeadLetter.MAX_ORIGINAL_BYTES + 1);
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(big.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("original bytes");
    }
}
