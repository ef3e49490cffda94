package dev.slidr.job.ingress;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.flink.ClickSerializer;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.rules.givt.GivtReason;
import java.time.Duration;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract checks, plus bad bytes, for {@link GivtVerdictSerializer}. */
class GivtVerdictSerializerTest extends SerializerTestBase<GivtVerdict> {

    @Override
    protected TypeSerializer<GivtVerdict> createSerializer() {
        return new GivtVerdictSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<GivtVerdict> getTypeClass() {
        return GivtVerdict.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<GivtVerdict> serializer) {
        return true;
    }

    @Override
    protected GivtVerdict[] getTestData() {
        // verdicts carry the click in its after-ingress form: no user agent, no placement
        return new GivtVerdict[] {
            GivtVerdict.pass(ClickSerializer.afterIngress(Clicks.click("u", "192.0.2.1", T0))),
            new GivtVerdict(
                    ClickSerializer.afterIngress(
                            Clicks.builder("v", "2001:db8::1", Clicks.at(Duration.ofMinutes(2)))
                                    .anonymous()
                                    .device(Device.APP)
                                    .build()),
                    GivtReason.DECLARED_ROBOT,
                    1_763_700_000_123_456L),
            GivtVerdict.invalid(
                    ClickSerializer.afterIngress(Clicks.click("w", "192.0.2.9", T0)),
                    GivtReason.DATA_CENTRE_IP),
            GivtVerdict.invalid(
                    ClickSerializer.afterIngress(Clicks.click("x", "192.0.2.9", T0)),
                    GivtReason.DUPLICATE_CLICK)
        };
    }

    @Test
    void everyReasonHasAByte() throws Exception {
        for (GivtReason reason : GivtReason.values()) {
            GivtVerdict verdict =
                    GivtVerdict.invalid(
                            ClickSerializer.afterIngress(Clicks.click("u", "192.0.2.1", T0)),
                            reason);
            DataOutputSerializer out = new DataOutputSerializer(128);
            createSerializer().serialize(verdict, out);
            assertThat(
                            createSerializer()
                                    .deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                    .isEqualTo(verdict);
        }
    }

    @Test
    void rejectsAnUnknownReasonByte() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(128);
        ClickSerializer.serializeAfterIngress(Clicks.click("u", "192.0.2.1", T0), out);
        out.writeByte(GivtVerdictSerializer.REASONS.length + 1);
        out.writeLong(0L);

        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown reason byte");
    }
}
