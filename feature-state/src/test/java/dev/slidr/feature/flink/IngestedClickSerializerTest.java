package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.testing.Clicks;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.junit.jupiter.api.Test;

/** {@link IngestedClickSerializer} against Flink's serializer contract; its type info. */
class IngestedClickSerializerTest extends SerializerTestBase<IngestedClick> {

    @Override
    protected TypeSerializer<IngestedClick> createSerializer() {
        return new IngestedClickSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<IngestedClick> getTypeClass() {
        return IngestedClick.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<IngestedClick> serializer) {
        return true;
    }

    @Override
    protected IngestedClick[] getTestData() {
        return new IngestedClick[] {
            // the click in its after-ingress form: no user agent, no placement
            IngestedClick.unstamped(
                    ClickSerializer.afterIngress(Clicks.click("alice", "10.0.0.1", Clicks.T0))),
            new IngestedClick(
                    ClickSerializer.afterIngress(
                            Clicks.builder("bob", "10.0.0.2", Clicks.at(Duration.ofMinutes(1)))
                                    .anonymous()
                                    .build()),
                    1_763_700_000_123_456L)
        };
    }

    @Test
    void leavesOutTheUserAgentAndPlacementNothingAfterIngressReads() throws Exception {
        IngestedClick full =
                new IngestedClick(
                        Clicks.builder("gus", "10.0.0.7", Clicks.T0)
                                .userAgent("Mozilla/5.0 (X11; Linux x86_64)")
                                .placement("search-top")
                                .build(),
                        99L);
        org.apache.flink.core.memory.DataOutputSerializer out =
                new org.apache.flink.core.memory.DataOutputSerializer(256);
        createSerializer().serialize(full, out);
        IngestedClick back =
                createSerializer()
                        .deserialize(
                                new org.apache.flink.core.memory.DataInputDeserializer(
                                        out.getCopyOfBuffer()));

        assertThat(back.click().userAgent()).isEqualTo(ClickSerializer.NOT_CARRIED);
        assertThat(back.click().placement()).isEqualTo(ClickSerializer.NOT_CARRIED);
        assertThat(back)
                .isEqualTo(new IngestedClick(ClickSerializer.afterIngress(full.click()), 99L));
        assertThat(new IngestedClickSerializer.Snapshot().formatVersion()).isEqualTo(2);
    }

    @Test
    void stampsTheWallClockInMicroseconds() {
        long before = System.currentTimeMillis() * 1_000L;
        long stamp = IngestedClick.nowMicros();
        long after = (System.currentTimeMillis() + 1) * 1_000L;
        assertThat(stamp).isBetween(before, after);
        assertThat(IngestedClick.unstamped(Clicks.click("a", "10.0.0.1", Clicks.T0)).stamped())
                .isFalse();
    }

    @Test
    void hasExplicitKryoFreeTypeInformation() {
        TypeInformation<IngestedClick> info = TypeInformation.of(IngestedClick.class);
        assertThat(info).isNotInstanceOf(GenericTypeInfo.class).isEqualTo(IngestedClick.TYPE_INFO);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(IngestedClickSerializer.class);
    }
}
