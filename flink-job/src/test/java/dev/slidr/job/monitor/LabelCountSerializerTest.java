package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link LabelCountSerializer}. */
class LabelCountSerializerTest extends SerializerTestBase<LabelCount> {

    @Override
    protected TypeSerializer<LabelCount> createSerializer() {
        return new LabelCountSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LabelCount> getTypeClass() {
        return LabelCount.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<LabelCount> serializer) {
        // an immutable record has no empty instance to create (ImmutableValueSerializer)
        return true;
    }

    @Override
    protected LabelCount[] getTestData() {
        return new LabelCount[] {
            new LabelCount("desktop/logged_in", "m1", 1_780_000_000_000L, 1, 1, 0, 0),
            new LabelCount("mobile/anonymous", "none", 0L, 0, 0, 1, 1),
            new LabelCount("ß", "m2", -5L, -1, -1, -1, -1),
            new LabelCount("s", "m3", 7L, 1_000_000, 250_000, Integer.MAX_VALUE, Integer.MIN_VALUE),
            new LabelCount("s", "m1", Long.MAX_VALUE, 1, 0, 1, 0)
        };
    }

    @Test
    void isTheTypeInformationsSerializer() {
        assertThat(LabelCount.TYPE_INFO.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(LabelCountSerializer.class);
    }

    @Test
    void refusesAMissingFieldOrTruncatedCounts() throws Exception {
        DataOutputSerializer missing = new DataOutputSerializer(32);
        Utf8Strings.write("s", missing);
        Utf8Strings.write(null, missing);
        assertThatThrownBy(() -> read(missing))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("no model version");
        DataOutputSerializer truncated = new DataOutputSerializer(32);
        Utf8Strings.write("s", truncated);
        Utf8Strings.write("m1", truncated);
        truncated.writeLong(0);
        truncated.writeInt(1);
        assertThatThrownBy(() -> read(truncated)).isInstanceOf(IOException.class);
    }

    private static LabelCount read(DataOutputSerializer bytes) throws Exception {
        return new LabelCountSerializer()
                .deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
    }
}
