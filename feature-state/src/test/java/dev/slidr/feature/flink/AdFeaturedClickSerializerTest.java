package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.AdCounters;
import dev.slidr.feature.UserCounters;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link AdFeaturedClickSerializer} against Flink's serializer contract; its type info. */
class AdFeaturedClickSerializerTest extends SerializerTestBase<AdFeaturedClick> {

    @Override
    protected TypeSerializer<AdFeaturedClick> createSerializer() {
        return new AdFeaturedClickSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<AdFeaturedClick> getTypeClass() {
        return AdFeaturedClick.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<AdFeaturedClick> serializer) {
        return true;
    }

    private static AdFeaturedClick featured(
            UserCounters user, AdCounters ad, Click click, long readMicros) {
        return new AdFeaturedClick(click, user.add(click), ad.add(click), readMicros);
    }

    @Override
    protected AdFeaturedClick[] getTestData() {
        UserCounters alice = new UserCounters();
        AdCounters ad = new AdCounters();
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
        return new AdFeaturedClick[] {
            featured(alice, ad, first, IngestedClick.NO_READ_TIME),
            featured(alice, ad, second, 1_763_700_000_123_456L),
            featured(alice, ad, late, IngestedClick.NO_READ_TIME),
            featured(new UserCounters(), ad, anonymous, 7L)
        };
    }

    @Test
    void carriesTheAdFeaturesAndTheReadTime() throws Exception {
        AdCounters ad = new AdCounters();
        ad.add(Clicks.builder("bob", "10.0.0.2", Clicks.T0).anonymous().build());
        Click click =
                ClickSerializer.afterIngress(
                        Clicks.click("carol", "10.0.0.3", Clicks.at(Duration.ofMinutes(2))));
        AdFeaturedClick stamped = featured(new UserCounters(), ad, click, 42_000_017L);
        DataOutputSerializer out = new DataOutputSerializer(256);
        createSerializer().serialize(stamped, out);
        AdFeaturedClick back =
                createSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(stamped);
        assertThat(back.ad().clicks1h()).isEqualTo(2);
        assertThat(back.ad().anonymousClicks1h()).isEqualTo(1);
        assertThat(back.readMicros()).isEqualTo(42_000_017L);
        assertThat(new AdFeaturedClickSerializer.Snapshot().formatVersion()).isEqualTo(2);
    }

    @Test
    void hasExplicitKryoFreeTypeInformation() {
        TypeInformation<AdFeaturedClick> info = TypeInformation.of(AdFeaturedClick.class);
        assertThat(info)
                .isNotInstanceOf(GenericTypeInfo.class)
                .isEqualTo(AdFeaturedClick.TYPE_INFO);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(AdFeaturedClickSerializer.class);
    }
}
