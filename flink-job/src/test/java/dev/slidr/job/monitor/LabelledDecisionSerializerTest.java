package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.Utf8Strings;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link LabelledDecisionSerializer}. */
class LabelledDecisionSerializerTest extends SerializerTestBase<LabelledDecision> {

    @Override
    protected TypeSerializer<LabelledDecision> createSerializer() {
        return new LabelledDecisionSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LabelledDecision> getTypeClass() {
        return LabelledDecision.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<LabelledDecision> serializer) {
        // an immutable record has no empty instance to create (ImmutableValueSerializer)
        return true;
    }

    @Override
    protected LabelledDecision[] getTestData() {
        return new LabelledDecision[] {
            new LabelledDecision("c-1", "desktop/logged_in", "m1", true, true, 1_780_000_000_000L),
            new LabelledDecision("c-2", "mobile/anonymous", "none", false, true, 0L),
            new LabelledDecision("", "ß", "m2", true, false, -5L),
            new LabelledDecision("c-3", "s", "m1", false, false, Long.MAX_VALUE)
        };
    }

    @Test
    void isTheTypeInformationsSerializer() {
        assertThat(LabelledDecision.TYPE_INFO.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(LabelledDecisionSerializer.class);
    }

    @Test
    void refusesUnknownFlagsAndAMissingField() throws Exception {
        DataOutputSerializer flags = new DataOutputSerializer(32);
        Utf8Strings.write("c", flags);
        Utf8Strings.write("s", flags);
        Utf8Strings.write("m1", flags);
        flags.writeByte(4);
        flags.writeLong(0);
        assertThatThrownBy(() -> read(flags))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown flags 4");
        DataOutputSerializer missing = new DataOutputSerializer(32);
        Utf8Strings.write("c", missing);
        Utf8Strings.write(null, missing);
        assertThatThrownBy(() -> read(missing))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("no slice");
    }

    private static LabelledDecision read(DataOutputSerializer bytes) throws Exception {
        return new LabelledDecisionSerializer()
                .deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
    }
}
