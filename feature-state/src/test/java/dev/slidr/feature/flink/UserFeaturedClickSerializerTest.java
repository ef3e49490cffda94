package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.UserCounters;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.junit.jupiter.api.Test;

/** {@link UserFeaturedClickSerializer} against Flink's serializer contract; its type info. */
class UserFeaturedClickSerializerTest extends SerializerTestBase<UserFeaturedClick> {

    @Override
    protected TypeSerializer<UserFeaturedClick> createSerializer() {
        return new UserFeaturedClickSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<UserFeaturedClick> getTypeClass() {
        return UserFeaturedClick.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<UserFeaturedClick> serializer) {
        return true;
    }

    @Override
    protected UserFeaturedClick[] getTestData() {
        UserCounters alice = new UserCounters();
        // the records carry a click in its after-ingress form: no user agent, no placement
        Click first = ClickSerializer.afterIngress(Clicks.click("alice", "10.0.0.1", Clicks.T0));
        Click second =
                ClickSerializer.afterIngress(
                        Clicks.click("alice", "10.0.0.1", Clicks.at(Duration.ofSeconds(9))));
        Click late =
                ClickSerializer.afterIngress(
                        Clicks.builder("alice", "10.0.0.1", Clicks.at(Duration.ofDays(-3)))
                                .build());
        Click anonymous =
                ClickSerializer.afterIngress(
                        Clicks.builder("bob", "10.0.0.2", Clicks.T0).anonymous().build());
        return new UserFeaturedClick[] {
            new UserFeaturedClick(first, alice.add(first)),
            new UserFeaturedClick(second, alice.add(second), 1_763_700_000_123_456L),
            new UserFeaturedClick(late, alice.add(late)),
            new UserFeaturedClick(anonymous, new UserCounters().add(anonymous))
        };
    }

    @Test
    void carriesTheReadTimeInFormat3() throws Exception {
        Click click = Clicks.click("carol", "10.0.0.3", Clicks.T0);
        UserFeaturedClick stamped =
                new UserFeaturedClick(click, new UserCounters().add(click), 42_000_017L);
        org.apache.flink.core.memory.DataOutputSerializer out =
                new org.apache.flink.core.memory.DataOutputSerializer(256);
        createSerializer().serialize(stamped, out);
        UserFeaturedClick back =
                createSerializer()
                        .deserialize(
                                new org.apache.flink.core.memory.DataInputDeserializer(
                                        out.getCopyOfBuffer()));
        assertThat(back.readMicros()).isEqualTo(42_000_017L);
        assertThat(new UserFeaturedClickSerializer.Snapshot().formatVersion()).isEqualTo(3);
    }

    @Test
    void hasExplicitKryoFreeTypeInformation() {
        TypeInformation<UserFeaturedClick> info = TypeInformation.of(UserFeaturedClick.class);
        assertThat(info)
                .isNotInstanceOf(GenericTypeInfo.class)
                .isEqualTo(UserFeaturedClick.TYPE_INFO);
        assertThat(
                        info.createSerializer(
                                new org.apache.flink.api.common.serialization
                                        .SerializerConfigImpl()))
                .isInstanceOf(UserFeaturedClickSerializer.class);
    }
}
