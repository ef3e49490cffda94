package dev.slidr.inference.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.flink.CorruptStateException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link ControlRecordSerializer}. */
class ControlRecordSerializerTest extends SerializerTestBase<ControlRecord> {

    @Override
    protected TypeSerializer<ControlRecord> createSerializer() {
        return new ControlRecordSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ControlRecord> getTypeClass() {
        return ControlRecord.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<ControlRecord> serializer) {
        // an immutable record has no empty instance to create (ImmutableValueSerializer)
        return true;
    }

    @Override
    protected ControlRecord[] getTestData() {
        return new ControlRecord[] {
            new ControlRecord(
                    "{\"command\":\"activate\",\"version\":\"m2\",\"effective_ts\":5}"
                            .getBytes(StandardCharsets.UTF_8),
                    1_700_000_000_000L,
                    "slidr.control",
                    0,
                    42L),
            new ControlRecord(new byte[0], 0L, "", 3, 0L),
            new ControlRecord(
                    "{\"command\":\"rollback\"}".getBytes(StandardCharsets.UTF_8),
                    -1L,
                    "contrôle",
                    Integer.MAX_VALUE,
                    Long.MAX_VALUE)
        };
    }

    @Test
    void isKryoAndPojoFree() {
        assertThat(ControlRecord.TYPE_INFO).isNotInstanceOf(GenericTypeInfo.class);
        assertThat(ControlRecord.TYPE_INFO.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(ControlRecordSerializer.class);
    }

    @Test
    void refusesANegativeOrHugeCommandLengthAndAMissingTopic() throws Exception {
        for (int length : new int[] {-1, ControlRecordSerializer.MAX_COMMAND_BYTES + 1}) {
            DataOutputSerializer out = new DataOutputSerializer(16);
            out.writeInt(length);
            assertThatThrownBy(
                            () ->
                                    new ControlRecordSerializer()
                                            .deserialize(
                                                    new DataInputDeserializer(
                                                            out.getCopyOfBuffer())))
                    .isInstanceOf(CorruptStateException.class)
                    .hasMessageContaining("command length " + length);
        }
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeInt(0);
        out.writeLong(1L);
        out.writeByte(0); // a null topic
        assertThatThrownBy(
                        () ->
                                new ControlRecordSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("no source topic");
    }
}
