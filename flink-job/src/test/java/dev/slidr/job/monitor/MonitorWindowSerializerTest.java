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

/** Flink's serializer contract checks, plus bad bytes, for {@link MonitorWindowSerializer}. */
class MonitorWindowSerializerTest extends SerializerTestBase<MonitorWindow> {

    @Override
    protected TypeSerializer<MonitorWindow> createSerializer() {
        return new MonitorWindowSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<MonitorWindow> getTypeClass() {
        return MonitorWindow.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<MonitorWindow> serializer) {
        return true;
    }

    @Override
    protected MonitorWindow[] getTestData() {
        return new MonitorWindow[] {
            new MonitorWindow("desktop/logged_in", "m1", 1_780_000_060_000L, 1200, 230, 90, 2),
            new MonitorWindow("", "", 0, 0, 0, 0, 0),
            new MonitorWindow("ß", "none", -1, Long.MAX_VALUE, 1, 1, 1)
        };
    }

    @Test
    void isTheTypeInformationsSerializer() {
        assertThat(MonitorWindow.TYPE_INFO.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(MonitorWindowSerializer.class);
    }

    @Test
    void refusesANegativeCountAndAMissingName() throws Exception {
        DataOutputSerializer negative = new DataOutputSerializer(64);
        Utf8Strings.write("s", negative);
        Utf8Strings.write("m1", negative);
        negative.writeLong(60_000);
        negative.writeLong(10);
        negative.writeLong(-1);
        negative.writeLong(0);
        negative.writeLong(0);
        assertThatThrownBy(() -> read(negative))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("negative count");
        DataOutputSerializer missing = new DataOutputSerializer(64);
        Utf8Strings.write(null, missing);
        Utf8Strings.write("m1", missing);
        assertThatThrownBy(() -> read(missing))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("no slice or model version");
    }

    private static MonitorWindow read(DataOutputSerializer bytes) throws Exception {
        return new MonitorWindowSerializer()
                .deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
    }
}
