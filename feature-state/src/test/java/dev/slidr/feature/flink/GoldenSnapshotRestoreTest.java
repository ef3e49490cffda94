package dev.slidr.feature.flink;

import static dev.slidr.contract.testing.Clicks.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.FeatureSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/**
 * Restores the feature stages from golden RocksDB snapshots kept under {@code
 * src/test/resources/golden}, one per state format version, and checks that the counters continue
 * where they were. A rename of a state, a serializer or its snapshot class, or a change to the
 * bytes of a format version fails here before it fails a production upgrade.
 *
 * <p>The files are written once per format version, never overwritten: set the environment variable
 * {@code SLIDR_GOLDEN_WRITE=true} only when adding a new version's file (a missing file is then
 * written; existing ones are kept).
 */
class GoldenSnapshotRestoreTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Duration TTL = Duration.ofHours(25);

    /** The fixed traffic in the golden snapshots; never change it. */
    private static List<Click> goldenClicks() {
        List<Click> clicks = new ArrayList<>();
        String[] users = {"alice", "bob", "carol"};
        for (int i = 0; i < 30; i++) {
            clicks.add(
                    Clicks.builder(
                                    users[i % 3],
                                    "10.0.0." + (i % 2),
                                    at(Duration.ofSeconds(37L * i)))
                            .clickId("golden-" + i)
                            .ad("ad-" + (i % 7))
                            .advertiser("adv-" + (i % 3))
                            .build());
        }
        // a gateway IP with more users than any distinct set keeps exactly, so the snapshot pins
        // the sampled form of the distinct sets and the identifier hash too
        for (int i = 0; i < 300; i++) {
            clicks.add(
                    Clicks.builder("gw-" + i, "10.0.9.9", at(Duration.ofSeconds(7L * i)))
                            .clickId("golden-gw-" + i)
                            .anonymous()
                            .session("s-gw-" + (i % 250))
                            .build());
        }
        return clicks;
    }

    private static List<Click> nextClicks() {
        return List.of(
                Clicks.builder("alice", "10.0.0.0", at(Duration.ofMinutes(20)))
                        .clickId("next-1")
                        .ad("ad-9")
                        .build(),
                Clicks.builder("dave", "10.0.0.1", at(Duration.ofMinutes(21)))
                        .clickId("next-2")
                        .build(),
                Clicks.builder("gw-7", "10.0.9.9", at(Duration.ofMinutes(36)))
                        .clickId("next-3")
                        .anonymous()
                        .session("s-gw-7")
                        .build(),
                Clicks.builder("gw-new", "10.0.9.9", at(Duration.ofMinutes(37)))
                        .clickId("next-4")
                        .anonymous()
                        .build());
    }

    private static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness(
            KeyedProcessFunction<String, IN, OUT> function, KeySelector<IN, String> key)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), key, Types.STRING);
        // a full snapshot keeps its bytes in the state handles, so it can live in a file
        harness.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return harness;
    }

    private static <IN, OUT> OperatorSubtaskState goldenState(
            String file,
            KeyedProcessFunction<String, IN, OUT> function,
            KeySelector<IN, String> key,
            List<IN> records,
            List<Long> timestamps)
            throws Exception {
        Path path = GOLDEN.resolve(file);
        if ("true".equals(System.getenv("SLIDR_GOLDEN_WRITE")) && !Files.exists(path)) {
            try (var harness = harness(function, key)) {
                harness.open();
                for (int i = 0; i < records.size(); i++) {
                    harness.processElement(records.get(i), timestamps.get(i));
                }
                OperatorSnapshotUtil.writeStateHandle(harness.snapshot(1L, 1L), path.toString());
            }
        }
        assertThat(path).as("golden snapshot %s", file).exists();
        return OperatorSnapshotUtil.readStateHandle(path.toString());
    }

    @Test
    void restoresUserCountersFromTheVersion1Snapshot() throws Exception {
        SequentialFeatures reference = new SequentialFeatures();
        List<Click> golden = goldenClicks();
        golden.forEach(reference::user);
        OperatorSubtaskState state =
                goldenState(
                        "user-stage-v1.snapshot",
                        new UserFeatureFunction(TTL, 1000),
                        UserFeatureFunction::keyOf,
                        golden.stream().map(IngestedClick::unstamped).toList(),
                        golden.stream().map(Click::ts).toList());

        try (var harness =
                harness(new UserFeatureFunction(TTL, 1000), UserFeatureFunction::keyOf)) {
            harness.initializeState(state);
            harness.open();
            assertThat(RocksDbHarness.stateEntries(harness, UserFeatureFunction.STATE_NAME))
                    .isEqualTo(3 + 250);
            assertThat(harness.numEventTimeTimers()).isEqualTo(3 + 250);
            List<UserFeaturedClick> expected = new ArrayList<>();
            for (Click click : nextClicks()) {
                harness.processElement(IngestedClick.unstamped(click), click.ts());
                expected.add(reference.user(click));
            }
            assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
            assertThat(expected.get(0).user().clicks1h()).isEqualTo(11);
        }
    }

    @Test
    void restoresAdCountersFromTheVersion1Snapshot() throws Exception {
        SequentialFeatures reference = new SequentialFeatures();
        List<UserFeaturedClick> golden = goldenClicks().stream().map(reference::user).toList();
        golden.forEach(reference::ad);
        OperatorSubtaskState state =
                goldenState(
                        "ad-stage-v1.snapshot",
                        new AdFeatureFunction(TTL, 1000),
                        AdFeatureFunction::keyOf,
                        golden,
                        golden.stream().map(r -> r.click().ts()).toList());

        try (var harness = harness(new AdFeatureFunction(TTL, 1000), AdFeatureFunction::keyOf)) {
            harness.initializeState(state);
            harness.open();
            // ad-0 .. ad-6; the gateway's clicks are on ad-1, the builder's default
            assertThat(RocksDbHarness.stateEntries(harness, AdFeatureFunction.STATE_NAME))
                    .isEqualTo(7);
            List<AdFeaturedClick> expected = new ArrayList<>();
            for (Click click : nextClicks()) {
                UserFeaturedClick record = reference.user(click);
                harness.processElement(record, click.ts());
                expected.add(reference.ad(record));
            }
            assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
            assertThat(expected.get(2).ad().anonymousClicks1h()).isGreaterThan(0);
        }
    }

    @Test
    void restoresIpCountersFromTheVersion1Snapshot() throws Exception {
        SequentialFeatures reference = new SequentialFeatures();
        List<AdFeaturedClick> golden =
                goldenClicks().stream().map(reference::user).map(reference::ad).toList();
        golden.forEach(reference::ip);
        OperatorSubtaskState state =
                goldenState(
                        "ip-stage-v1.snapshot",
                        new IpFeatureFunction(TTL, 1000, ZoneOffset.UTC),
                        IpFeatureFunction::keyOf,
                        golden,
                        golden.stream().map(r -> r.click().ts()).toList());

        try (var harness =
                harness(
                        new IpFeatureFunction(TTL, 1000, ZoneOffset.UTC),
                        IpFeatureFunction::keyOf)) {
            harness.initializeState(state);
            harness.open();
            assertThat(RocksDbHarness.stateEntries(harness, IpFeatureFunction.STATE_NAME))
                    .isEqualTo(3);
            List<FeaturedClick> expected = new ArrayList<>();
            for (Click click : nextClicks()) {
                AdFeaturedClick record = reference.ad(reference.user(click));
                harness.processElement(record, click.ts());
                expected.add(reference.ip(record));
            }
            assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
            assertThat(expected.get(3).features()[FeatureSchema.IP_DISTINCT_USERS_1H])
                    .isGreaterThan(128f);
        }
    }
}
