package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link FeaturedClickSerializer} against Flink's serializer contract, bad bytes, type info. */
class FeaturedClickSerializerTest extends SerializerTestBase<FeaturedClick> {

    private static final SequentialFeatures REFERENCE = new SequentialFeatures();

    @Override
    protected TypeSerializer<FeaturedClick> createSerializer() {
        return new FeaturedClickSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<FeaturedClick> getTypeClass() {
        return FeaturedClick.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<FeaturedClick> serializer) {
        return true;
    }

    @Override
    protected FeaturedClick[] getTestData() {
        // the records carry a click in its after-ingress form: no user agent, no placement
        return new FeaturedClick[] {
            REFERENCE.featured(
                    ClickSerializer.afterIngress(Clicks.click("alice", "10.0.0.1", Clicks.T0))),
            REFERENCE.featured(
                    ClickSerializer.afterIngress(
                            Clicks.builder("bob", "10.0.0.1", Clicks.at(Duration.ofMinutes(1)))
                                    .anonymous()
                                    .device(Device.MOBILE)
                                    .build())),
            REFERENCE.featured(
                    ClickSerializer.afterIngress(
                            Clicks.click("alice", "10.0.0.1", Clicks.at(Duration.ofDays(-2))))),
            withReadTime(
                    REFERENCE.featured(
                            ClickSerializer.afterIngress(
                                    Clicks.click("erin", "10.0.0.5", Clicks.T0))),
                    1_763_700_000_123_456L)
        };
    }

    private static FeaturedClick withReadTime(FeaturedClick record, long readMicros) {
        return new FeaturedClick(
                record.click(),
                record.featureVersion(),
                record.features(),
                record.late(),
                readMicros);
    }

    private static byte[] withVectorLength(int length) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        ClickSerializer.serializeAfterIngress(Clicks.click("carol", "10.0.0.3", Clicks.T0), out);
        Utf8Strings.write("v1", out);
        out.writeInt(length);
        for (int i = 0; i < Math.max(0, Math.min(length, 64)); i++) {
            out.writeFloat(i);
        }
        out.writeBoolean(false);
        out.writeLong(IngestedClick.NO_READ_TIME);
        return out.getCopyOfBuffer();
    }

    @Test
    void rejectsAVectorThatDoesNotFitItsSchema() {
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(withVectorLength(3))))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("has 24 features, vector has 3");
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(withVectorLength(-1))))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("vector length -1");
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(
                                                        withVectorLength(1 << 30))))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("outside 0..");
    }

    @Test
    void comparesVectorsByValue() {
        Click click = Clicks.click("dave", "10.0.0.4", Clicks.T0);
        FeaturedClick a = REFERENCE.featured(click);
        FeaturedClick b = new FeaturedClick(click, "v2", a.features().clone(), a.late());
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @Test
    void readTimeIsPartOfTheValue() {
        FeaturedClick record = REFERENCE.featured(Clicks.click("fay", "10.0.0.6", Clicks.T0));
        assertThat(withReadTime(record, 7L)).isNotEqualTo(record);
        assertThat(new FeaturedClickSerializer.Snapshot().formatVersion()).isEqualTo(3);
    }

    @Test
    void hasExplicitKryoFreeTypeInformation() {
        TypeInformation<FeaturedClick> info = TypeInformation.of(FeaturedClick.class);
        assertThat(info).isNotInstanceOf(GenericTypeInfo.class).isEqualTo(FeaturedClick.TYPE_INFO);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(FeaturedClickSerializer.class);
    }
}
