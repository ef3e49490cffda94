package dev.slidr.inference.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
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

    /** Vectors of every kind of float: drawn bit patterns (NaNs among them) and the edge values. */
    private static List<float[]> vectors() {
        SplittableRandom random = new SplittableRandom(41);
        float[] edges = {
            Float.NaN,
            Float.intBitsToFloat(0x7fc0_0001),
            Float.intBitsToFloat(0xffff_ffff),
            -0.0f,
            0.0f,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MIN_NORMAL / 3,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            1f
        };
        List<float[]> vectors = new ArrayList<>();
        vectors.add(new float[0]);
        vectors.add(edges);
        for (int v = 0; v < 500; v++) {
            float[] values = new float[random.nextInt(0, 64)];
            for (int i = 0; i < values.length; i++) {
                switch (random.nextInt(3)) {
                    case 0 -> values[i] = Float.intBitsToFloat(random.nextInt());
                    case 1 -> values[i] = edges[random.nextInt(edges.length)];
                    default -> values[i] = (float) random.nextDouble(-1e6, 1e6);
                }
            }
            vectors.add(values);
        }
        return vectors;
    }

    private static byte[] block(float[] values) {
        byte[] block = new byte[values.length * Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            DecisionSerializer.putFloat(block, i, values[i]);
        }
        return block;
    }

    private static byte[] writtenFloatByFloat(float[] values) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (float value : values) {
            out.writeFloat(value);
        }
        return out.getCopyOfBuffer();
    }

    @Test
    void writesTheVectorAsWriteFloatWritesEachValue() throws IOException {
        for (float[] values : vectors()) {
            assertThat(block(values))
                    .as(Arrays.toString(values))
                    .isEqualTo(writtenFloatByFloat(values));
        }
    }

    @Test
    void readsTheVectorBackThroughAStreamWrapperAndADeserializer() throws IOException {
        for (float[] values : vectors()) {
            byte[] bytes = block(values);
            List<DataInputView> inputs =
                    List.of(
                            new DataInputViewStreamWrapper(new ByteArrayInputStream(bytes)),
                            new DataInputDeserializer(bytes));
            for (DataInputView in : inputs) {
                float[] read = DecisionSerializer.readFloats(in, values.length);
                // NaNs compare equal in their canonical form, which is what was written
                assertThat(read).as(Arrays.toString(values)).containsExactly(values);
                for (int i = 0; i < values.length; i++) {
                    assertThat(Float.floatToRawIntBits(read[i]))
                            .isEqualTo(Float.floatToIntBits(values[i]));
                }
            }
        }
    }

    /** Format 2 as it was written before the vector went in one block: float by float. */
    private static byte[] formatTwoFloatByFloat(Decision d) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        Utf8Strings.write(d.clickId(), out);
        out.writeLong(d.eventTs());
        out.writeLong(d.decidedTs());
        out.writeBoolean(d.invalid());
        Utf8Strings.write(d.stage().name(), out);
        out.writeInt(d.reasons().size());
        for (String reason : d.reasons()) {
            Utf8Strings.write(reason, out);
        }
        out.writeDouble(d.score());
        out.writeDouble(d.threshold());
        Utf8Strings.write(d.slice(), out);
        Utf8Strings.write(d.modelVersion(), out);
        Utf8Strings.write(d.calibrationVersion(), out);
        Utf8Strings.write(d.featureVersion(), out);
        out.writeInt(d.featureCount());
        for (int i = 0; i < d.featureCount(); i++) {
            out.writeFloat(d.feature(i));
        }
        out.writeInt(d.revision());
        Utf8Strings.write(d.replayId(), out);
        return out.getCopyOfBuffer();
    }

    /** Decisions with the vectors a decision can hold: the finite ones, empty ones included. */
    private List<Decision> decisionsOfEveryVector() {
        List<Decision> decisions = new ArrayList<>(Arrays.asList(getTestData()));
        int n = 0;
        for (float[] values : vectors()) {
            float[] finite = values.clone();
            for (int i = 0; i < finite.length; i++) {
                if (!Float.isFinite(finite[i])) {
                    finite[i] = i % 2 == 0 ? -0.0f : Float.MIN_VALUE;
                }
            }
            n++;
            Decision base = getTestData()[0];
            decisions.add(
                    new Decision(
                            "c-" + n,
                            base.eventTs() + n,
                            base.decidedTs() + n,
                            base.invalid(),
                            base.stage(),
                            base.reasons(),
                            base.score(),
                            base.threshold(),
                            "app/logged_in",
                            base.modelVersion(),
                            base.calibrationVersion(),
                            base.featureVersion(),
                            finite,
                            n,
                            null));
        }
        return decisions;
    }

    @Test
    void writesTheBytesOfFormatTwo() throws IOException {
        for (Decision d : decisionsOfEveryVector()) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            createSerializer().serialize(d, out);
            assertThat(out.getCopyOfBuffer()).as(d.toString()).isEqualTo(formatTwoFloatByFloat(d));
        }
    }

    @Test
    void roundTripsThroughAStreamWrapperAndADeserializer() throws IOException {
        TypeSerializer<Decision> serializer = createSerializer();
        for (Decision d : decisionsOfEveryVector()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputView out = new DataOutputViewStreamWrapper(bytes);
            serializer.serialize(d, out);
            serializer.serialize(d, out);
            byte[] twice = bytes.toByteArray();
            // two in a row: each read ends exactly where its decision does
            DataInputView wrapped = new DataInputViewStreamWrapper(new ByteArrayInputStream(twice));
            DataInputDeserializer deserializer = new DataInputDeserializer(twice);
            for (DataInputView in : List.of(wrapped, deserializer, wrapped, deserializer)) {
                assertThat(serializer.deserialize(in)).isEqualTo(d);
            }
            assertThat(deserializer.available()).isZero();
        }
    }

    @Test
    void refusesATruncatedVector() throws IOException {
        Decision d = getTestData()[1];
        DataOutputSerializer out = new DataOutputSerializer(256);
        createSerializer().serialize(d, out);
        byte[] bytes = out.getCopyOfBuffer();
        // cut inside the 24 floats: after the revision, the replay id and half of the last float
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 4 - 1 - "replay-7".length() - 2);
        assertThatThrownBy(() -> createSerializer().deserialize(new DataInputDeserializer(cut)))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .deserialize(
                                                new DataInputViewStreamWrapper(
                                                        new ByteArrayInputStream(cut))))
                .isInstanceOf(EOFException.class);
        byte[] threeFloats = block(new float[] {1f, 2f, 3f});
        assertThatThrownBy(
                        () ->
                                DecisionSerializer.readFloats(
                                        new DataInputDeserializer(threeFloats), 4))
                .isInstanceOf(EOFException.class);
    }
}
