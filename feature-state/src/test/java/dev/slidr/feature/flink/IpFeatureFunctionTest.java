package dev.slidr.feature.flink;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.at;
import static dev.slidr.contract.testing.Clicks.builder;
import static dev.slidr.contract.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.feature.FeatureSchema;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IP stage on RocksDB: full vectors, state entries, cleanup timer, TTL, restore. */
class IpFeatureFunctionTest {

    private static final Duration TTL = Duration.ofHours(25);

    private final SequentialFeatures reference = new SequentialFeatures();
    private KeyedOneInputStreamOperatorTestHarness<String, AdFeaturedClick, FeaturedClick> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, AdFeaturedClick, FeaturedClick>
            newHarness() throws Exception {
        return RocksDbHarness.create(
                new IpFeatureFunction(TTL, 1, ZoneOffset.UTC), IpFeatureFunction::keyOf);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<FeaturedClick> send(Click... clicks) throws Exception {
        List<FeaturedClick> expected = new ArrayList<>();
        for (Click click : clicks) {
            AdFeaturedClick record = reference.ad(reference.user(click));
            harness.processElement(record, click.ts());
            expected.add(reference.ip(record));
        }
        return expected;
    }

    private long entries() {
        return RocksDbHarness.stateEntries(harness, IpFeatureFunction.STATE_NAME);
    }

    private static float feature(FeaturedClick record, String name) {
        return record.features()[FeatureSchema.CURRENT.indexOf(name)];
    }

    @Test
    void passesTheReadTimeOn() throws Exception {
        Click click = click("alice", "10.0.0.1", T0);
        AdFeaturedClick ad = reference.ad(reference.user(click));
        harness.processElement(
                new AdFeaturedClick(click, ad.user(), ad.ad(), 1_763_700_000_000_002L), click.ts());
        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(FeaturedClick::readMicros)
                .isEqualTo(1_763_700_000_000_002L);
    }

    @Test
    void emitsTheFullVectorOfTheCore() throws Exception {
        List<FeaturedClick> expected =
                send(
                        click("alice", "10.0.0.1", T0),
                        click("bob", "10.0.0.1", at(Duration.ofSeconds(3))),
                        builder("carol", "10.0.0.1", at(Duration.ofMinutes(2)))
                                .anonymous()
                                .device(Device.MOBILE)
                                .build(),
                        click("alice", "2001:db8::7", at(Duration.ofMinutes(3))),
                        click("bob", "10.0.0.1", at(Duration.ofHours(2))));

        List<FeaturedClick> actual = harness.extractOutputValues();
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(feature(actual.get(2), "ip_distinct_users_1h")).isEqualTo(3f);
        assertThat(feature(actual.get(2), "device_mobile")).isEqualTo(1f);
        assertThat(feature(actual.get(2), "logged_in")).isEqualTo(0f);
        assertThat(feature(actual.get(4), "ip_clicks_1h")).isEqualTo(1f);
        assertThat(feature(actual.get(4), "ip_clicks_24h")).isEqualTo(4f);
        assertThat(actual).allSatisfy(r -> assertThat(r.featureVersion()).isEqualTo("v2"));
        assertThat(entries()).isEqualTo(2);
    }

    @Test
    void handlesOutOfOrderAndLateClicksLikeTheCore() throws Exception {
        List<FeaturedClick> expected =
                send(
                        click("alice", "10.0.0.1", at(Duration.ofHours(26))),
                        click("bob", "10.0.0.1", at(Duration.ofHours(25).plusMinutes(59))),
                        click("carol", "10.0.0.1", T0),
                        click("dave", "10.0.0.1", at(Duration.ofHours(26).plusSeconds(1))));

        List<FeaturedClick> actual = harness.extractOutputValues();
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual.get(2).late()).isTrue();
        assertThat(feature(actual.get(3), "ip_distinct_users_24h")).isEqualTo(3f);
    }

    @Test
    void dropsStateOnceTheWatermarkPassesEveryBucket() throws Exception {
        send(click("alice", "10.0.0.1", T0), click("bob", "10.0.0.2", at(Duration.ofHours(3))));
        long firstHorizon = reference.ipState("10.0.0.1").droppableAt();
        long secondHorizon = reference.ipState("10.0.0.2").droppableAt();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(firstHorizon);
        assertThat(entries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(secondHorizon);
        assertThat(entries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void expiresIdleStateAfterTheProcessingTimeTtl() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send(click("alice", "10.0.0.1", T0));
        harness.setStateTtlProcessingTime(TTL.toMillis());
        reference.dropIp("10.0.0.1");

        List<FeaturedClick> expected = send(click("bob", "10.0.0.1", at(Duration.ofMinutes(1))));
        assertThat(harness.extractOutputValues()).last().isEqualTo(expected.get(0));
        assertThat(feature(expected.get(0), "ip_clicks_1h")).isEqualTo(1f);
    }

    @Test
    void keepsCountersAcrossSnapshotAndRestore() throws Exception {
        send(click("alice", "10.0.0.1", T0), click("bob", "10.0.0.1", at(Duration.ofMinutes(1))));
        OperatorSubtaskState snapshot = harness.snapshot(7L, 7L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        assertThat(entries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        List<FeaturedClick> expected = send(click("carol", "10.0.0.1", at(Duration.ofMinutes(2))));
        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        assertThat(feature(expected.get(0), "ip_clicks_1h")).isEqualTo(3f);
        assertThat(feature(expected.get(0), "ip_distinct_users_1h")).isEqualTo(3f);
    }
}
