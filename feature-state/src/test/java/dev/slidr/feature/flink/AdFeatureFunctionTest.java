package dev.slidr.feature.flink;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.at;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ad stage on RocksDB: outputs, state entries, cleanup timer, TTL, snapshot and restore. */
class AdFeatureFunctionTest {

    private static final Duration TTL = Duration.ofHours(25);

    private final SequentialFeatures reference = new SequentialFeatures();
    private KeyedOneInputStreamOperatorTestHarness<String, UserFeaturedClick, AdFeaturedClick>
            harness;

    private static KeyedOneInputStreamOperatorTestHarness<
                    String, UserFeaturedClick, AdFeaturedClick>
            newHarness() throws Exception {
        return RocksDbHarness.create(new AdFeatureFunction(TTL, 1), AdFeatureFunction::keyOf);
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

    private static Click onAd(String ad, String user, Instant when, boolean loggedIn) {
        var b = builder(user, "10.0.0.1", when).ad(ad);
        return loggedIn ? b.build() : b.anonymous().build();
    }

    private List<AdFeaturedClick> send(Click... clicks) throws Exception {
        List<AdFeaturedClick> expected = new ArrayList<>();
        for (Click click : clicks) {
            UserFeaturedClick record = reference.user(click);
            harness.processElement(record, click.ts());
            expected.add(reference.ad(record));
        }
        return expected;
    }

    private long entries() {
        return RocksDbHarness.stateEntries(harness, AdFeatureFunction.STATE_NAME);
    }

    @Test
    void emitsTheCoresFeaturesWithTheUserFeaturesAndReadTime() throws Exception {
        List<AdFeaturedClick> expected =
                send(
                        onAd("ad-1", "alice", T0, true),
                        onAd("ad-1", "s-1", at(Duration.ofSeconds(5)), false),
                        onAd("ad-2", "s-2", at(Duration.ofMinutes(1)), false),
                        onAd("ad-1", "s-3", at(Duration.ofMinutes(2)), false));
        Click stamped = onAd("ad-2", "bob", at(Duration.ofMinutes(3)), true);
        UserFeaturedClick record = reference.user(stamped);
        harness.processElement(
                new UserFeaturedClick(stamped, record.user(), 1_763_700_000_000_009L),
                stamped.ts());

        List<AdFeaturedClick> actual = harness.extractOutputValues();
        assertThat(actual.subList(0, 4)).containsExactlyElementsOf(expected);
        assertThat(actual.get(3).ad().clicks1h()).isEqualTo(3);
        assertThat(actual.get(3).ad().anonymousClicks1h()).isEqualTo(2);
        assertThat(actual.get(3).user()).isEqualTo(expected.get(3).user());
        assertThat(actual.get(4).ad().clicks1h()).isEqualTo(2);
        assertThat(actual.get(4).readMicros()).isEqualTo(1_763_700_000_000_009L);
        assertThat(entries()).isEqualTo(2);
    }

    @Test
    void handlesOutOfOrderAndLateClicksLikeTheCore() throws Exception {
        List<AdFeaturedClick> expected =
                send(
                        onAd("ad-1", "alice", at(Duration.ofHours(26)), true),
                        onAd("ad-1", "s-1", at(Duration.ofHours(25).plusMinutes(59)), false),
                        onAd("ad-1", "s-2", T0, false),
                        onAd("ad-1", "bob", at(Duration.ofHours(26).plusSeconds(1)), true));

        List<AdFeaturedClick> actual = harness.extractOutputValues();
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual.get(2).ad().late()).isTrue();
        assertThat(actual.get(3).ad().clicks24h()).isEqualTo(3);
        assertThat(actual.get(3).ad().anonymousClicks24h()).isEqualTo(1);
    }

    @Test
    void registersOneCleanupTimerPerAdAndDropsStateWhenEveryBucketExpired() throws Exception {
        send(
                onAd("ad-1", "alice", T0, true),
                onAd("ad-1", "bob", at(Duration.ofMinutes(1)), true),
                onAd("ad-2", "carol", at(Duration.ofHours(3)), true));
        long firstHorizon = reference.adState("ad-1").droppableAt();
        long secondHorizon = reference.adState("ad-2").droppableAt();
        assertThat(entries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(firstHorizon - 1);
        assertThat(entries()).isEqualTo(2);
        harness.processWatermark(firstHorizon);
        assertThat(entries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(secondHorizon);
        assertThat(entries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void movesTheTimerWhenLaterClicksExtendedTheHorizon() throws Exception {
        send(onAd("ad-1", "alice", T0, true));
        long firstHorizon = reference.adState("ad-1").droppableAt();
        send(onAd("ad-1", "bob", at(Duration.ofHours(5)), false));
        long laterHorizon = reference.adState("ad-1").droppableAt();

        harness.processWatermark(firstHorizon);
        assertThat(entries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(laterHorizon);
        assertThat(entries()).isZero();
    }

    @Test
    void expiresIdleStateAfterTheProcessingTimeTtl() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send(onAd("ad-1", "alice", T0, true));
        harness.setStateTtlProcessingTime(TTL.toMillis());
        reference.dropAd("ad-1");

        List<AdFeaturedClick> expected = send(onAd("ad-1", "bob", at(Duration.ofMinutes(1)), true));
        assertThat(harness.extractOutputValues()).last().isEqualTo(expected.get(0));
        assertThat(expected.get(0).ad().clicks1h()).isEqualTo(1);
    }

    @Test
    void keepsCountersAcrossSnapshotAndRestore() throws Exception {
        send(
                onAd("ad-1", "alice", T0, true),
                onAd("ad-1", "s-1", at(Duration.ofMinutes(1)), false));
        OperatorSubtaskState snapshot = harness.snapshot(7L, 7L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        assertThat(entries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        List<AdFeaturedClick> expected =
                send(onAd("ad-1", "s-2", at(Duration.ofMinutes(2)), false));
        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        assertThat(expected.get(0).ad().clicks1h()).isEqualTo(3);
        assertThat(expected.get(0).ad().anonymousClicks1h()).isEqualTo(2);
    }
}
