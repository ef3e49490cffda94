package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdFeatures;
import dev.slidr.feature.FeatureSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade to feature schema v2 on a MiniCluster with RocksDB: a job with the feature stages as
 * they were before the ad stage existed (user stage, then IP stage, same uids) fails after a
 * checkpoint that is retained; the current pipeline (user, ad, IP) starts from that checkpoint. The
 * user and IP counters continue where they were; the ad stage, which the checkpoint holds no state
 * for, starts empty and counts only the clicks after it.
 */
class AdStageUpgradeITCase {

    private static final String SOURCE_UID = "test-clicks";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir Path checkpoints;

    private Configuration configuration() {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return config;
    }

    private static DataStream<Click> source(StreamExecutionEnvironment env, List<Click> clicks) {
        return env.fromData(clicks, TypeInformation.of(Click.class))
                .uid(SOURCE_UID)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofSeconds(30))
                                .withTimestampAssigner((click, ts) -> click.ts()));
    }

    @Test
    void userAndIpCountersCarryOverAndTheAdStageStartsEmpty() throws Exception {
        List<Click> clicks = FeaturePipelineITCase.traffic(21L);

        // before: the stages without the ad stage, the same uids and state names
        StreamExecutionEnvironment before =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration());
        before.setParallelism(1);
        before.setMaxParallelism(128);
        source(before, clicks)
                .map(new FailAfterCheckpoint(clicks.size() / 2))
                .map(IngestedClick::unstamped, IngestedClick.TYPE_INFO)
                .uid(FeaturePipeline.UNSTAMPED_UID)
                .keyBy(UserFeatureFunction::keyOf, Types.STRING)
                .process(
                        new UserFeatureFunction(Duration.ofHours(25), 1000),
                        UserFeaturedClick.TYPE_INFO)
                .uid(FeaturePipeline.USER_STAGE_UID)
                .map(new WithoutAdFeatures(), AdFeaturedClick.TYPE_INFO)
                .keyBy(IpFeatureFunction::keyOf, Types.STRING)
                .process(
                        new IpFeatureFunction(Duration.ofHours(25), 1000, ZoneId.of("UTC")),
                        FeaturedClick.TYPE_INFO)
                .uid(FeaturePipeline.IP_STAGE_UID)
                .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        assertThatThrownBy(() -> before.execute("before the ad stage"))
                .hasStackTraceContaining("failure after a checkpoint");
        Path retained = latestCheckpoint();

        // after: the current pipeline, started from the retained checkpoint
        Configuration restore = configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, retained.toUri().toString());
        StreamExecutionEnvironment after =
                StreamExecutionEnvironment.getExecutionEnvironment(restore);
        after.setParallelism(1);
        after.setMaxParallelism(128);
        List<FeaturedClick> out = new ArrayList<>();
        try (CloseableIterator<FeaturedClick> results =
                FeaturePipeline.features(source(after, clicks), new Configuration())
                        .executeAndCollect()) {
            results.forEachRemaining(out::add);
        }

        // the restored source resumes where the checkpoint was taken
        int resumedAt = clicks.size() - out.size();
        assertThat(resumedAt).isPositive().isLessThan(clicks.size());
        assertThat(out.stream().map(r -> r.click().clickId()))
                .containsExactlyElementsOf(
                        clicks.subList(resumedAt, clicks.size()).stream()
                                .map(Click::clickId)
                                .toList());
        SequentialFeatures allClicks = new SequentialFeatures();
        for (Click click : clicks.subList(0, resumedAt)) {
            allClicks.featured(click);
        }
        SequentialFeatures sinceUpgrade = new SequentialFeatures();
        int adCountsBelowHistory = 0;
        for (int i = 0; i < out.size(); i++) {
            Click click = clicks.get(resumedAt + i);
            float[] expected = allClicks.featured(click).features();
            float[] expectedAd = sinceUpgrade.featured(click).features();
            float[] actual = out.get(i).features();
            for (int j = 0; j < FeatureSchema.CURRENT.size(); j++) {
                boolean adColumn = j >= FeatureSchema.AD_CLICKS_1H;
                assertThat(actual[j])
                        .as("%s %s", click.clickId(), FeatureSchema.CURRENT.names().get(j))
                        .isEqualTo(adColumn ? expectedAd[j] : expected[j]);
            }
            if (expectedAd[FeatureSchema.AD_CLICKS_24H] < expected[FeatureSchema.AD_CLICKS_24H]) {
                adCountsBelowHistory++;
            }
        }
        // the comparison tells the two apart: with history the ad counts would be higher
        assertThat(adCountsBelowHistory).isPositive();
        assertThat(out)
                .anySatisfy(
                        r ->
                                assertThat(r.features()[FeatureSchema.USER_CLICKS_24H])
                                        .isGreaterThan(r.features()[FeatureSchema.AD_CLICKS_24H]));
    }

    private Path latestCheckpoint() throws Exception {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .max(
                            Comparator.comparingLong(
                                    p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElseThrow(
                            () -> new AssertionError("no retained checkpoint in " + checkpoints));
        }
    }

    /** The feature records of the pipeline before the ad stage: ad features all zero. */
    static final class WithoutAdFeatures
            implements MapFunction<UserFeaturedClick, AdFeaturedClick> {
        @Override
        public AdFeaturedClick map(UserFeaturedClick record) {
            return new AdFeaturedClick(
                    record.click(),
                    record.user(),
                    new AdFeatures(0, 0, 0, 0, false),
                    record.readMicros());
        }
    }

    /** Fails the job after {@code after} clicks once a checkpoint has completed. */
    static final class FailAfterCheckpoint
            implements MapFunction<Click, Click>, CheckpointListener {

        private final int after;
        private int seen;
        private volatile boolean checkpointed;

        FailAfterCheckpoint(int after) {
            this.after = after;
        }

        @Override
        public Click map(Click click) throws Exception {
            seen++;
            // pace the stream so that checkpoints complete while it runs
            Thread.sleep(1);
            if (seen >= after && checkpointed) {
                throw new IllegalStateException("failure after a checkpoint, at click " + seen);
            }
            return click;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
