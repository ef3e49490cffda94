package dev.slidr.feature.flink;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.at;
import static dev.slidr.contract.testing.Clicks.builder;
import static dev.slidr.contract.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.feature.UserCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user stage on RocksDB: outputs, state entries, cleanup timer, TTL, snapshot and restore. */
class UserFeatureFunctionTest {

    private static final Duration TTL = Duration.ofHours(25);

    private final SequentialFeatures reference = new SequentialFeatures();
    private KeyedOneInputStreamOperatorTestHarness<String, IngestedClick, UserFeaturedClick>
            harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, IngestedClick, UserFeaturedClick>
            newHarness() throws Exception {
        return RocksDbHarness.create(new UserFeatureFunction(TTL, 1), UserFeatureFunction::keyOf);
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

    private List<UserFeaturedClick> send(Click... clicks) throws Exception {
        List<UserFeaturedClick> expected = new ArrayList<>();
        for (Click click : clicks) {
            harness.processElement(IngestedClick.unstamped(click), click.ts());
            expected.add(reference.user(click));
        }
        return expected;
    }

    private long entries() {
        return RocksDbHarness.stateEntries(harness, UserFeatureFunction.STATE_NAME);
    }

    @Test
    void passesTheReadTimeOn() throws Exception {
        Click click = click("alice", "10.0.0.1", T0);
        harness.processElement(new IngestedClick(click, 1_763_700_000_000_001L), click.ts());
        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(UserFeaturedClick::readMicros)
                .isEqualTo(1_763_700_000_000_001L);
    }

    @Test
    void emitsTheCoresFeaturesForEveryClick() throws Exception {
        List<UserFeaturedClick> expected =
                send(
                        click("alice", "10.0.0.1", T0),
                        builder("alice", "10.0.0.1", at(Duration.ofSeconds(4))).ad("ad-2").build(),
                        click("bob", "10.0.0.2", at(Duration.ofSeconds(5))),
                        builder("alice", "10.0.0.3", at(Duration.ofMinutes(3)))
                                .advertiser("adv-9")
                                .build(),
                        builder("carol", "10.0.0.1", at(Duration.ofMinutes(4))).anonymous().build(),
                        click("alice", "10.0.0.1", at(Duration.ofMinutes(50))));

        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        assertThat(expected.get(1).user().clicks1m()).isEqualTo(2);
        assertThat(expected.get(5).user().clicks1h()).isEqualTo(4);
        // alice, bob and the anonymous session of carol
        assertThat(entries()).isEqualTo(3);
    }

    @Test
    void handlesOutOfOrderAndLateClicksLikeTheCore() throws Exception {
        List<UserFeaturedClick> expected =
                send(
                        click("alice", "10.0.0.1", at(Duration.ofHours(30))),
                        click("alice", "10.0.0.1", at(Duration.ofHours(29).plusMinutes(58))),
                        click("alice", "10.0.0.1", at(Duration.ofHours(30).plusSeconds(1))),
                        // more than 24 h behind the latest click: late, not counted
                        click("alice", "10.0.0.1", T0),
                        click("alice", "10.0.0.1", at(Duration.ofHours(30).plusSeconds(2))));

        List<UserFeaturedClick> actual = harness.extractOutputValues();
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual.get(3).user().late()).isTrue();
        assertThat(actual.get(4).user().clicks24h()).isEqualTo(4);
        assertThat(actual.get(2).user().secondsSincePrevious()).isEqualTo(1.0);
    }

    @Test
    void registersOneCleanupTimerPerKeyAndDropsStateWhenEveryBucketExpired() throws Exception {
        send(click("alice", "10.0.0.1", T0), click("bob", "10.0.0.2", T0));
        long firstHorizon = reference.userState("alice").droppableAt();
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        send(click("alice", "10.0.0.1", at(Duration.ofHours(5))));
        long secondHorizon = reference.userState("alice").droppableAt();
        // the timer is re-armed lazily, not moved on every click
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(firstHorizon);
        // bob had no later click: dropped; alice moved on: timer re-armed
        assertThat(entries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(secondHorizon - 1);
        assertThat(entries()).isEqualTo(1);
        harness.processWatermark(secondHorizon);
        assertThat(entries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        Click next = click("alice", "10.0.0.1", at(Duration.ofHours(40)));
        harness.processElement(IngestedClick.unstamped(next), next.ts());
        UserFeaturedClick fresh = new UserFeaturedClick(next, new UserCounters().add(next));
        assertThat(harness.extractOutputValues()).last().isEqualTo(fresh);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void expiresIdleStateAfterTheProcessingTimeTtl() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send(click("alice", "10.0.0.1", T0), click("bob", "10.0.0.2", T0));

        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        send(click("alice", "10.0.0.1", at(Duration.ofMinutes(1))));
        assertThat(harness.extractOutputValues())
                .last()
                .extracting(r -> r.user().clicks1h())
                .isEqualTo(2L);

        // bob has been idle for the whole TTL, alice was written 1 ms later
        harness.setStateTtlProcessingTime(TTL.toMillis());
        // expired but still on disk until RocksDB compacts
        assertThat(entries()).isEqualTo(2);
        RocksDbHarness.compact(harness, new UserFeatureFunction(TTL, 1).stateDescriptor());
        assertThat(entries()).isEqualTo(1);

        harness.setStateTtlProcessingTime(2 * TTL.toMillis());
        Click afterTtl = click("alice", "10.0.0.1", at(Duration.ofMinutes(2)));
        harness.processElement(IngestedClick.unstamped(afterTtl), afterTtl.ts());
        assertThat(harness.extractOutputValues())
                .last()
                .isEqualTo(new UserFeaturedClick(afterTtl, new UserCounters().add(afterTtl)));
        RocksDbHarness.compact(harness, new UserFeatureFunction(TTL, 1).stateDescriptor());
        // only the fresh alice entry is left
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void withoutTtlIdleStateOutlivesTheTtlUntilItsTimerDropsIt() throws Exception {
        harness.close();
        UserFeatureFunction function = new UserFeatureFunction(null, 1);
        assertThat(function.stateDescriptor().getTtlConfig().isEnabled()).isFalse();
        harness = RocksDbHarness.create(function, UserFeatureFunction::keyOf);
        harness.open();
        harness.setStateTtlProcessingTime(0);
        send(click("alice", "10.0.0.1", T0));

        harness.setStateTtlProcessingTime(2 * TTL.toMillis());
        RocksDbHarness.compact(harness, function.stateDescriptor());
        send(click("alice", "10.0.0.1", at(Duration.ofMinutes(1))));
        assertThat(harness.extractOutputValues())
                .last()
                .extracting(r -> r.user().clicks1h())
                .isEqualTo(2L);

        harness.processWatermark(reference.userState("alice").droppableAt());
        assertThat(entries()).isZero();
    }

    @Test
    void keepsCountersAcrossSnapshotAndRestore() throws Exception {
        send(
                click("alice", "10.0.0.1", T0),
                click("alice", "10.0.0.1", at(Duration.ofSeconds(20))),
                click("bob", "10.0.0.2", at(Duration.ofSeconds(30))));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        int timers = harness.numEventTimeTimers();
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        assertThat(entries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(timers);

        List<UserFeaturedClick> expected =
                send(
                        click("alice", "10.0.0.1", at(Duration.ofSeconds(40))),
                        click("bob", "10.0.0.2", at(Duration.ofMinutes(30))));
        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        assertThat(expected.get(0).user().clicks1h()).isEqualTo(3);
        assertThat(expected.get(0).user().secondsSincePrevious()).isEqualTo(20.0);
    }

    @Test
    void keepsCountersAcrossRescalingFromOneToTwoSubtasks() throws Exception {
        int maxParallelism = 128;
        List<Click> before = new ArrayList<>();
        List<Click> after = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            before.add(click("user-" + u, "10.0.0.1", at(Duration.ofSeconds(u))));
            before.add(click("user-" + u, "10.0.0.1", at(Duration.ofSeconds(20 + u))));
            after.add(click("user-" + u, "10.0.0.1", at(Duration.ofSeconds(40 + u))));
        }
        OperatorSubtaskState snapshot;
        try (var single =
                RocksDbHarness.create(
                        new UserFeatureFunction(TTL, 1),
                        UserFeatureFunction::keyOf,
                        maxParallelism,
                        1,
                        0)) {
            single.open();
            for (Click click : before) {
                single.processElement(IngestedClick.unstamped(click), click.ts());
                reference.user(click);
            }
            snapshot = single.snapshot(3L, 3L);
        }

        long restoredEntries = 0;
        int emitted = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState share =
                    KeyedOneInputStreamOperatorTestHarness.repartitionOperatorState(
                            snapshot, maxParallelism, 1, 2, subtask);
            try (var part =
                    RocksDbHarness.create(
                            new UserFeatureFunction(TTL, 1),
                            UserFeatureFunction::keyOf,
                            maxParallelism,
                            2,
                            subtask)) {
                part.initializeState(share);
                part.open();
                restoredEntries +=
                        RocksDbHarness.stateEntries(part, UserFeatureFunction.STATE_NAME);
                List<UserFeaturedClick> expected = new ArrayList<>();
                for (Click click : after) {
                    int owner =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    click.userKey(), maxParallelism, 2);
                    if (owner == subtask) {
                        part.processElement(IngestedClick.unstamped(click), click.ts());
                        expected.add(reference.user(click));
                    }
                }
                // both subtasks own some of the keys, so the split is exercised
                assertThat(expected).isNotEmpty();
                assertThat(part.extractOutputValues()).containsExactlyElementsOf(expected);
                assertThat(expected).allSatisfy(r -> assertThat(r.user().clicks1m()).isEqualTo(3));
                emitted += expected.size();
            }
        }
        assertThat(restoredEntries).isEqualTo(12);
        assertThat(emitted).isEqualTo(12);
    }
}
