package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.FeatureSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feature pipeline on a MiniCluster with RocksDB state and checkpoints, at parallelism 2 so
 * that both keyBys split the keys, compared click by click with a plain sequential run of the core.
 *
 * <p>The core's features depend on each key's arrival order. A user key's clicks keep the source
 * order through the first keyBy, but an ad's clicks come from whichever user subtasks its users
 * hash to, an IP's from whichever ad subtasks its ads hash to, and two subtasks interleave
 * nondeterministically. So the traffic is built in two halves, one per user subtask: the users of
 * one half click only that half's ads, all of which hash to one ad subtask, from only that half's
 * IPs (many users per IP and per ad all the same). Then each ad's and each IP's clicks travel
 * through one channel in source order and the comparison is exact.
 */
class FeaturePipelineITCase {

    private static final int PARALLELISM = 2;
    private static final int MAX_PARALLELISM = 128;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .setConfiguration(jobConfiguration())
                            .build());

    private static Configuration jobConfiguration() {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        return config;
    }

    /** About 4000 clicks of 300 users on 40 IPs over 20 h, up to 20 s out of order. */
    static List<Click> traffic(long seed) {
        Random random = new Random(seed);
        Map<Integer, List<String>> ipsBySubtask = new HashMap<>();
        for (int subtask = 0; subtask < PARALLELISM; subtask++) {
            List<String> ips = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ips.add("10." + subtask + ".0." + i);
            }
            ipsBySubtask.put(subtask, ips);
        }
        Map<Integer, List<String>> adsBySubtask = new HashMap<>();
        for (int a = 0; adsBySubtask.values().stream().mapToInt(List::size).sum() < 30; a++) {
            String ad = "ad-" + a;
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            ad, MAX_PARALLELISM, PARALLELISM);
            List<String> ads = adsBySubtask.computeIfAbsent(subtask, k -> new ArrayList<>());
            if (ads.size() < 15) {
                ads.add(ad);
            }
        }
        List<Click> clicks = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            boolean anonymous = u % 4 == 0;
            String user = "user-" + u;
            String key = anonymous ? "s-" + user : user;
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            key, MAX_PARALLELISM, PARALLELISM);
            List<String> ips = ipsBySubtask.get(subtask);
            List<String> ads = adsBySubtask.get(subtask);
            String home = ips.get(random.nextInt(ips.size()));
            String away = ips.get(random.nextInt(ips.size()));
            int n = 1 + (int) Math.min(80, Math.pow(1 - random.nextDouble(), -1.2));
            long t = random.nextLong(Duration.ofHours(18).toMillis());
            for (int i = 0; i < n; i++) {
                t += 500 + random.nextLong(random.nextInt(5) == 0 ? 3_600_000 : 60_000);
                Clicks.Builder click =
                        Clicks.builder(
                                        user,
                                        random.nextInt(5) == 0 ? away : home,
                                        Clicks.at(Duration.ofMillis(t)))
                                .ad(ads.get(random.nextInt(ads.size())))
                                .advertiser("adv-" + random.nextInt(6))
                                .device(Device.values()[u % Device.values().length]);
                if (anonymous) {
                    click.anonymous();
                }
                clicks.add(click.build());
            }
        }
        // arrival order: by event time, with a tenth of the clicks up to 20 s late
        long[] arrival = new long[clicks.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < clicks.size(); i++) {
            arrival[i] =
                    clicks.get(i).ts() + (random.nextInt(10) == 0 ? random.nextInt(20_000) : 0);
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(arrival[a], arrival[b]));
        List<Click> arrived = new ArrayList<>();
        for (int i : order) {
            arrived.add(clicks.get(i));
        }
        return arrived;
    }

    private static Map<String, FeaturedClick> run(List<Click> clicks, boolean failOnce)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration());
        env.setParallelism(PARALLELISM);
        env.setMaxParallelism(MAX_PARALLELISM);
        DataStream<Click> source =
                env.fromData(clicks, TypeInformation.of(Click.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Click>forBoundedOutOfOrderness(
                                                Duration.ofSeconds(30))
                                        .withTimestampAssigner((click, ts) -> click.ts()));
        if (failOnce) {
            // one subtask in front of the stages keeps the source's order per key
            source = source.map(new FailOnceAfterCheckpoint(clicks.size() / 2)).setParallelism(1);
        }
        Map<String, FeaturedClick> byClickId = new HashMap<>();
        try (CloseableIterator<FeaturedClick> results =
                FeaturePipeline.features(source, new Configuration()).executeAndCollect()) {
            while (results.hasNext()) {
                FeaturedClick result = results.next();
                assertThat(byClickId.put(result.click().clickId(), result))
                        .as("second result for %s", result.click().clickId())
                        .isNull();
            }
        }
        return byClickId;
    }

    private static Map<String, FeaturedClick> sequential(List<Click> clicks) {
        SequentialFeatures reference = new SequentialFeatures();
        Map<String, FeaturedClick> byClickId = new HashMap<>();
        for (Click click : clicks) {
            // the stages pass the click on in its after-ingress form (no user agent, no
            // placement), which the features do not read
            byClickId.put(click.clickId(), reference.featured(ClickSerializer.afterIngress(click)));
        }
        return byClickId;
    }

    @Test
    void computesTheSameVectorsAsASequentialRunOfTheCore() throws Exception {
        List<Click> clicks = traffic(11L);
        Map<String, FeaturedClick> expected = sequential(clicks);

        Map<String, FeaturedClick> actual = run(clicks, false);

        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
        // the traffic does exercise the counters, not only fresh keys
        assertThat(actual.values())
                .anySatisfy(
                        r ->
                                assertThat(r.features()[FeatureSchema.IP_DISTINCT_USERS_1H])
                                        .isGreaterThan(3f))
                .anySatisfy(
                        r ->
                                assertThat(r.features()[FeatureSchema.USER_CLICKS_1M])
                                        .isGreaterThan(1f))
                .anySatisfy(
                        r ->
                                assertThat(r.features()[FeatureSchema.AD_ANONYMOUS_CLICKS_1H])
                                        .isGreaterThan(3f));
    }

    @Test
    void keepsCountersThroughAFailureAndRestoreFromCheckpoint() throws Exception {
        List<Click> clicks = traffic(12L);
        Map<String, FeaturedClick> expected = sequential(clicks);
        FailOnceAfterCheckpoint.FAILED.set(false);

        Map<String, FeaturedClick> actual = run(clicks, true);

        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /**
     * Fails the job once, after at least one checkpoint completed and {@code after} clicks passed,
     * so that the stages restore their RocksDB state from that checkpoint and continue.
     */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<Click, Click>, CheckpointListener {

        static final AtomicBoolean FAILED = new AtomicBoolean();
        private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

        private final int after;
        private int seen;

        FailOnceAfterCheckpoint(int after) {
            this.after = after;
        }

        @Override
        public Click map(Click click) throws Exception {
            seen++;
            if (!FAILED.get()) {
                // pace the stream so that checkpoints complete while it runs
                Thread.sleep(1);
                if (seen >= after && CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure at click " + seen);
                }
            }
            return click;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
