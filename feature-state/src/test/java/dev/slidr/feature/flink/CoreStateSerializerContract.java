package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.AdCounters;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.UserCounters;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Checks shared by the keyed-state serializers: Flink's own serializer contract ({@link
 * SerializerTestBase}) over random states, plus snapshot versioning and corrupt bytes.
 *
 * <p>The core objects have no {@code equals}; two states are equal here when they serialize to the
 * same bytes and give the same features for the same next click.
 */
abstract class CoreStateSerializerContract<S> extends SerializerTestBase<S> {

    private static final long SEED = 20260302L;

    CoreStateSerializerContract() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> stateSerializer(a) != null,
                                (a, b, checker) -> sameBytes(a, b)));
    }

    private static CoreStateSerializer<?> stateSerializer(Object state) {
        if (state instanceof UserCounters) {
            return new UserCountersSerializer();
        }
        if (state instanceof IpCounters) {
            return new IpCountersSerializer();
        }
        if (state instanceof AdCounters) {
            return new AdCountersSerializer();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static boolean sameBytes(Object a, Object b) {
        if (b == null || a.getClass() != b.getClass()) {
            return false;
        }
        CoreStateSerializer<Object> serializer = (CoreStateSerializer<Object>) stateSerializer(a);
        try {
            return Arrays.equals(serializer.toBytes(a), serializer.toBytes(b));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A new, empty core state. */
    abstract S emptyState();

    /** Adds a click to the state and returns the features (a record with equals). */
    abstract Object add(S state, Click click);

    abstract int coreFormatVersion();

    /** A click for random state number {@code n}. */
    abstract Click randomClick(Random random, int n, Duration at);

    @Override
    protected abstract CoreStateSerializer<S> createSerializer();

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<S> serializer) {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected S[] getTestData() {
        Random random = new Random(SEED);
        Object[] states = new Object[40];
        states[0] = emptyState();
        for (int n = 1; n < states.length; n++) {
            S state = emptyState();
            int clicks = 1 + random.nextInt(n < 20 ? 10 : 400);
            for (int i = 0; i < clicks; i++) {
                // up to 30 h of traffic, in any order, so buckets expire and clicks run late
                Duration at = Duration.ofMillis((long) (random.nextDouble() * 30 * 3_600_000L));
                add(state, randomClick(random, n, at));
            }
            states[n] = state;
        }
        return (S[]) Arrays.copyOf(states, states.length, arrayClass());
    }

    @SuppressWarnings("unchecked")
    private Class<S[]> arrayClass() {
        return (Class<S[]>) java.lang.reflect.Array.newInstance(getTypeClass(), 0).getClass();
    }

    @Override
    protected void deepEquals(String message, S should, S is) {
        try {
            CoreStateSerializer<S> serializer = createSerializer();
            assertThat(serializer.toBytes(is)).as(message).isEqualTo(serializer.toBytes(should));
            Click next = randomClick(new Random(1), 1, Duration.ofHours(31));
            S shouldCopy = serializer.copy(should);
            S isCopy = serializer.copy(is);
            assertThat(add(isCopy, next)).as(message).isEqualTo(add(shouldCopy, next));
        } catch (java.io.IOException e) {
            throw new AssertionError(message, e);
        }
    }

    private byte[] framed(byte[] payload) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(payload.length + 4);
        int rest = payload.length;
        while (rest >= 0x80) {
            out.writeByte((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.writeByte(rest);
        out.write(payload);
        return out.getCopyOfBuffer();
    }

    /** Bytes of the length prefix at the start of a framed value. */
    private static int frameLength(byte[] framed) {
        int i = 0;
        while ((framed[i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    private byte[] someState() throws Exception {
        return createSerializer().toBytes(getTestData()[5]);
    }

    @Test
    void snapshotRecordsTheCoreFormatVersion() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(32);
        TypeSerializerSnapshot.writeVersionedSnapshot(
                out, createSerializer().snapshotConfiguration());
        TypeSerializerSnapshot<S> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(((FormatVersionSnapshot<S>) read).formatVersion())
                .isEqualTo(coreFormatVersion());
        assertThat(
                        createSerializer()
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
        assertThat(read.restoreSerializer()).isEqualTo(createSerializer());
    }

    @Test
    void rejectsALengthOutOfBounds() {
        assertThatThrownBy(() -> createSerializer().fromBytes(new byte[] {0}))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("value length 0");
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .fromBytes(
                                                new byte[] {
                                                    (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10
                                                }))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("outside 1..");
        assertThatThrownBy(
                        () ->
                                createSerializer()
                                        .fromBytes(
                                                new byte[] {
                                                    (byte) 0x80,
                                                    (byte) 0x80,
                                                    (byte) 0x80,
                                                    (byte) 0x80,
                                                    0x01
                                                }))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void rejectsTruncatedBytes() throws Exception {
        byte[] bytes = someState();
        assertThatThrownBy(
                        () -> createSerializer().fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsAPayloadCutShortInsideItsFrame() throws Exception {
        byte[] whole = someState();
        int frame = frameLength(whole);
        // drop the frame and keep all but the last payload byte, framed again
        byte[] payload = Arrays.copyOfRange(whole, frame, whole.length - 1);
        assertThatThrownBy(() -> createSerializer().fromBytes(framed(payload)))
                .isInstanceOf(CorruptStateException.class);
    }

    @Test
    void rejectsBytesAfterTheState() throws Exception {
        byte[] whole = someState();
        byte[] payload = Arrays.copyOfRange(whole, frameLength(whole), whole.length + 3);
        assertThatThrownBy(() -> createSerializer().fromBytes(framed(payload)))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unread bytes");
    }

    @Test
    void rejectsAnUnknownCoreFormatVersion() throws Exception {
        byte[] whole = someState();
        byte[] payload = Arrays.copyOfRange(whole, frameLength(whole), whole.length);
        payload[0] = (byte) 99;
        assertThatThrownBy(() -> createSerializer().fromBytes(framed(payload)))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void copiesAFramedValueWithoutParsingIt() throws Exception {
        byte[] bytes = someState();
        DataOutputSerializer out = new DataOutputSerializer(bytes.length);
        createSerializer().copy(new DataInputDeserializer(bytes), out);
        assertThat(out.getCopyOfBuffer()).isEqualTo(bytes);
    }

    @Test
    void randomStatesKeepTheirFeaturesThroughTheFormat() throws Exception {
        CoreStateSerializer<S> serializer = createSerializer();
        Random random = new Random(SEED + 1);
        for (S state : getTestData()) {
            S back = serializer.fromBytes(serializer.toBytes(state));
            for (int i = 0; i < 5; i++) {
                Click next =
                        randomClick(
                                random,
                                i,
                                Duration.ofMillis((long) (random.nextDouble() * 32 * 3_600_000L)));
                assertThat(add(back, next)).isEqualTo(add(state, next));
            }
        }
    }

    static Click clickAt(String user, String ip, Duration at, Random random) {
        return Clicks.builder(user, ip, Clicks.at(at))
                .ad("ad-" + random.nextInt(40))
                .advertiser("adv-" + random.nextInt(10))
                .session("s-" + user + "-" + random.nextInt(3))
                .build();
    }
}
