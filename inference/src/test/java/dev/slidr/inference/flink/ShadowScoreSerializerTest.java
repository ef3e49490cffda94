package dev.slidr.inference.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.Utf8Strings;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link ShadowScoreSerializer}. */
class ShadowScoreSerializerTest extends SerializerTestBase<ShadowScore> {

    @Override
    protected TypeSerializer<ShadowScore> createSerializer() {
        return new ShadowScoreSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ShadowScore> getTypeClass() {
        return ShadowScore.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<ShadowScore> serializer) {
        // an immutable record has no empty instance to create (ImmutableValueSerializer)
        return true;
    }

    @Override
    protected ShadowScore[] getTestData() {
        return new ShadowScore[] {
            new ShadowScore("desktop/logged_in", "m2", "m1", false, true, 0.93, 1_700_000_000_000L),
            new ShadowScore("mobile/anonymous", "m2", "m1", true, true, Double.NaN, 0L),
            new ShadowScore("", "ß", "m1", true, false, 0.0, -5L)
        };
    }

    @Test
    void isKryoAndPojoFree() {
        assertThat(ShadowScore.TYPE_INFO).isNotInstanceOf(GenericTypeInfo.class);
        assertThat(ShadowScore.TYPE_INFO.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(ShadowScoreSerializer.class);
    }

    @Test
    void refusesUnknownFlagsAndAMissingVersion() throws Exception {
        DataOutputSerializer flags = new DataOutputSerializer(32);
        Utf8Strings.write("s", flags);
        Utf8Strings.write("m2", flags);
        Utf8Strings.write("m1", flags);
        flags.writeByte(4);
        assertThatThrownBy(
                        () ->
                                new ShadowScoreSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(flags.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown flags 4");
        DataOutputSerializer missing = new DataOutputSerializer(32);
        Utf8Strings.write("s", missing);
        Utf8Strings.write(null, missing);
        assertThatThrownBy(
                        () ->
                                new ShadowScoreSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(
                                                        missing.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("no shadow version");
    }
}
