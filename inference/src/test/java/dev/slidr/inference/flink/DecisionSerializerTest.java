package dev.slidr.inference.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.CorruptStateException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** {@link DecisionSerializer} against Flink's serializer contract and bad bytes. */
class DecisionSerializerTest extends SerializerTestBase<Decision> {

    @Override
    protected TypeSerializer<Decision> createSerializer() {
        return new DecisionSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Decision> getTypeClass() {
        return Decision.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<Decision> serializer) {
        // createInstance() is null: a record has no empty instance to reuse
        return true;
    }

    @Override
    protected Decision[] getTestData() {
        return new Decision[] {
            new Decision(
                    "c-1",
                    1_000L,
                    1_007L,
                    true,
                    Decision.Stage.SIVT,
                    List.of("sivt:user_clicks_1h", "sivt:ip_clicks_1h"),
                    0.97,
                    0.9,
                    "desktop/logged_in",
                    "m20260302-1a2b3c4d",
                    "c20260302",
                    "v1",
                    new float[] {3f, 0f, -1f, 0.5f},
                    0,
                    null),
            new Decision(
                    "c-2",
                    2_000L,
                    2_001L,
                    false,
                    Decision.Stage.NONE,
                    List.of(),
                    0.01,
                    0.9,
                    "mobile/anonymous",
                    "m1",
                    "c1",
                    "v1",
                    new float[24],
                    3,
                    "replay-7"),
            Decision.givt("c-3", 3_000L, 3_002L, List.of("givt:declared_bot"), "app/anonymous"),
            new Decision(
                    "c-4",
                    4_000L,
                    4_000L,
                    false,
                    Decision.Stage.NONE,
                    List.of("error:non_finite_score"),
                    Double.NaN,
                    0.5,
                    "other/logged_in",
                    "m1",
                    "c1",
                    "v1",
                    new float[] {1f},
                    0,
                    null)
        };
    }

    private static byte[] prefix(String stage, int reasons) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        StringValue.writeString("c-9", out);
        out.writeLong(1);
        out.writeLong(2);
        out.writeBoolean(true);
        StringValue.writeString(stage, out);
        out.writeInt(reasons);
        return out.getCopyOfBuffer();
    }

    @Test
    void refusesAnUnknownStage() {
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(new DataInputDeserializer(prefix("ROBOT", 0))))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown stage 'ROBOT'");
    }

    @Test
    void refusesAnAbsurdReasonCount() {
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(prefix("SIVT", 1 << 30))))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("reason count");
    }

    @Test
    void refusesBytesThatBreakTheContract() throws Exception {
        // a valid stage with invalid=true violates the record's invariant
        DataOutputSerializer out = new DataOutputSerializer(64);
        DataOutputSerializer good = new DataOutputSerializer(64);
        Decision valid = getTestData()[1];
        createSerializer().serialize(valid, good);
        byte[] bytes = good.getCopyOfBuffer();
        // the invalid flag follows the click id (1 length byte + 3 chars) and two longs
        int flag = 4 + 16;
        assertThat(bytes[flag]).isZero();
        bytes[flag] = 1;
        out.write(bytes);
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("invalid must be true exactly when");
    }

    @Test
    void typeInformationUsesThisSerializer() {
        assertThat(
                        DecisionSerializer.TYPE_INFO.createSerializer(
                                new org.apache.flink.api.common.serialization
                                        .SerializerConfigImpl()))
                .isInstanceOf(DecisionSerializer.class);
        assertThat(DecisionSerializer.TYPE_INFO.getTypeClass()).isEqualTo(Decision.class);
        assertThat(TypeInformation.of(Decision.class)).isNotEqualTo(DecisionSerializer.TYPE_INFO);
    }
}
