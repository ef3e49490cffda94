package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import java.time.Duration;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link ClickSerializer}. */
class ClickSerializerTest extends SerializerTestBase<Click> {

    @Override
    protected TypeSerializer<Click> createSerializer() {
        return ClickSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Click> getTypeClass() {
        return Click.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<Click> serializer) {
        return true;
    }

    @Override
    protected Click[] getTestData() {
        return new Click[] {
            Clicks.click("alice", "10.0.0.1", Clicks.T0),
            Clicks.builder("bob", "2001:db8::1", Clicks.at(Duration.ofMinutes(3)))
                    .anonymous()
                    .device(Device.APP)
                    .ad("ad-ü-7")
                    .userAgent("x".repeat(70_000))
                    .build(),
            Clicks.builder("carol", "192.168.1.9", Clicks.at(Duration.ofDays(-400)))
                    .device(Device.OTHER)
                    .placement("")
                    .build()
        };
    }

    @Test
    void rejectsUnknownDeviceName() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        Utf8Strings.write("c-1", out);
        out.writeLong(1L);
        Utf8Strings.write(null, out);
        for (String field : new String[] {"s-1", "10.0.0.1", "ua", "toaster"}) {
            Utf8Strings.write(field, out);
        }
        out.writeBoolean(false);
        assertThatThrownBy(
                        () ->
                                ClickSerializer.INSTANCE.deserialize(
                                        new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown device 'toaster'");
    }

    @Test
    void rejectsMissingRequiredField() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        Utf8Strings.write(null, out);
        assertThatThrownBy(
                        () ->
                                ClickSerializer.INSTANCE.deserialize(
                                        new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("click_id");
    }

    @Test
    void keepsAnonymousClicksKeyedBySession() throws Exception {
        Click anonymous = Clicks.builder("dave", "10.0.0.2", Clicks.T0).anonymous().build();
        DataOutputSerializer out = new DataOutputSerializer(64);
        ClickSerializer.INSTANCE.serialize(anonymous, out);
        Click back =
                ClickSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(anonymous);
        assertThat(back.userKey()).isEqualTo("s-dave");
    }

    @Test
    void afterIngressFormLeavesOutUserAgentAndPlacement() throws Exception {
        Click click =
                Clicks.builder("erin", "10.0.0.5", Clicks.T0)
                        .userAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")
                        .placement("feed-3")
                        .ad("ad-ü-7")
                        .build();
        DataOutputSerializer full = new DataOutputSerializer(64);
        ClickSerializer.INSTANCE.serialize(click, full);
        DataOutputSerializer compact = new DataOutputSerializer(64);
        ClickSerializer.serializeAfterIngress(click, compact);

        Click back =
                ClickSerializer.deserializeAfterIngress(
                        new DataInputDeserializer(compact.getCopyOfBuffer()));

        assertThat(back).isEqualTo(ClickSerializer.afterIngress(click));
        assertThat(back.userAgent()).isEqualTo(ClickSerializer.NOT_CARRIED);
        assertThat(back.placement()).isEqualTo(ClickSerializer.NOT_CARRIED);
        assertThat(back.userKey()).isEqualTo(click.userKey());
        assertThat(back.adId()).isEqualTo("ad-ü-7");
        assertThat(compact.length()).isLessThan(full.length());
    }

    @Test
    void writesFormat2() {
        assertThat(new ClickSerializer.Snapshot().formatVersion()).isEqualTo(2);
    }
}
