package dev.slidr.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.Utf8Strings;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link RawRecordSerializer}. */
class RawRecordSerializerTest extends SerializerTestBase<RawRecord> {

    @Override
    protected TypeSerializer<RawRecord> createSerializer() {
        return new RawRecordSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<RawRecord> getTypeClass() {
        return RawRecord.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<RawRecord> serializer) {
        return true;
    }

    @Override
    protected RawRecord[] getTestData() {
        byte[] json = "{\"click_id\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);
        return new RawRecord[] {
            new RawRecord("clicks", 0, 42L, 1_700_000_000_000L, json, json.length, false),
            new RawRecord("clicks", 3, 7L, 0L, null, -1, false),
            new RawRecord("clicks", 1, 9L, 5L, new byte[0], 0, false),
            new RawRecord("clicks", 2, 1L, 5L, new byte[] {1, 2, 3}, 5_000_000, true)
        };
    }

    @Test
    void isTheTypeInformationFlinkFindsForRawRecords() {
        TypeInformation<RawRecord> info = TypeInformation.of(RawRecord.class);
        assertThat(info).isEqualTo(RawRecord.TYPE_INFO);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(RawRecordSerializer.class);
    }

    @Test
    void rejectsANegativeValueLengthAndAMissingTopic() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        Utf8Strings.write("clicks", out);
        out.writeInt(0);
        out.writeLong(1L);
        out.writeLong(1L);
        out.writeInt(-5);
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("value length -5");

        DataOutputSerializer noTopic = new DataOutputSerializer(8);
        Utf8Strings.write(null, noTopic);
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(
                                                        noTopic.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("no topic");
    }
}
