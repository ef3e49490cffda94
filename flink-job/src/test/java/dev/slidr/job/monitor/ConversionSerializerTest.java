package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Conversion;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.Utf8Strings;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link ConversionSerializer}. */
class ConversionSerializerTest extends SerializerTestBase<Conversion> {

    @Override
    protected TypeSerializer<Conversion> createSerializer() {
        return new ConversionSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Conversion> getTypeClass() {
        return Conversion.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<Conversion> serializer) {
        return true;
    }

    @Override
    protected Conversion[] getTestData() {
        return new Conversion[] {
            new Conversion("c-1", 1_780_000_000_000L, Conversion.Kind.PURCHASE),
            new Conversion("", 0L, Conversion.Kind.PURCHASE),
            new Conversion("ß-✓", -1L, Conversion.Kind.PURCHASE)
        };
    }

    @Test
    void isTheTypeInformationsSerializer() {
        assertThat(ConversionSerializer.TYPE_INFO.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(ConversionSerializer.class);
    }

    @Test
    void refusesAnUnknownKindAndAMissingClickId() throws Exception {
        DataOutputSerializer kind = new DataOutputSerializer(32);
        Utf8Strings.write("c", kind);
        kind.writeLong(0);
        kind.writeByte(7);
        assertThatThrownBy(() -> read(kind))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown kind 7");
        DataOutputSerializer missing = new DataOutputSerializer(32);
        Utf8Strings.write(null, missing);
        assertThatThrownBy(() -> read(missing))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("no click id");
    }

    private static Conversion read(DataOutputSerializer bytes) throws Exception {
        return new ConversionSerializer()
                .deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
    }
}
