package dev.slidr.job.ingress;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.flink.ClickSerializer;
import dev.slidr.rules.givt.GivtReason;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The verdict record and its Flink serializer. */
class GivtVerdictTest {

    @Test
    void flinkSerializesItWithItsOwnSerializerNeitherPojoNorKryo() {
        TypeInformation<GivtVerdict> type = TypeInformation.of(GivtVerdict.class);

        assertThat(type).isEqualTo(GivtVerdict.TYPE_INFO).isNotInstanceOf(PojoTypeInfo.class);
        assertThat(type).isNotInstanceOf(GenericTypeInfo.class);
        assertThat(type.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(GivtVerdictSerializer.class);
    }

    @Test
    void roundTripsThroughFlinksSerializerWithAndWithoutReason() throws Exception {
        TypeSerializer<GivtVerdict> serializer =
                TypeInformation.of(GivtVerdict.class).createSerializer(new SerializerConfigImpl());
        GivtVerdict passed =
                GivtVerdict.pass(
                        Clicks.builder("u", "192.0.2.1", T0)
                                .anonymous()
                                .device(Device.APP)
                                .build());
        GivtVerdict flagged =
                GivtVerdict.invalid(Clicks.click("u", "192.0.2.1", T0), GivtReason.DATA_CENTRE_IP);

        for (GivtVerdict verdict : new GivtVerdict[] {passed, flagged}) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(verdict, out);
            GivtVerdict copy =
                    serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            // the click crosses in its after-ingress form: no user agent, no placement
            assertThat(copy)
                    .isEqualTo(
                            new GivtVerdict(
                                    ClickSerializer.afterIngress(verdict.click()),
                                    verdict.reason(),
                                    verdict.readMicros()));
        }
    }

    @Test
    void saysWhetherACheckMatched() {
        assertThat(GivtVerdict.pass(Clicks.click("u", "192.0.2.1", T0)).isGivt()).isFalse();
        assertThat(
                        GivtVerdict.invalid(
                                        Clicks.click("u", "192.0.2.1", T0),
                                        GivtReason.DECLARED_ROBOT)
                                .givtReason())
                .contains(GivtReason.DECLARED_ROBOT);
        assertThat(GivtReason.DUPLICATE_CLICK.code()).isEqualTo("duplicate_click");
    }
}
