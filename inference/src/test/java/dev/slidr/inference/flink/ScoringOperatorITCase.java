package dev.slidr.inference.flink;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.contract.Decision;
import dev.slidr.contract.Device;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.decision.SliceThresholds;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.rules.slice.Slicing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scoring operator on a MiniCluster: parallelism 2, RocksDB, checkpoints every 50 ms while
 * clicks flow, Kryo disabled (decisions cross the network with {@link DecisionSerializer}). Every
 * click gets exactly one decision, with the trainer's score.
 */
class ScoringOperatorITCase {

    private static final int PARALLELISM = 2;
    private static final int CLICKS = 3000;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .setConfiguration(clusterConfiguration())
                            .build());

    private static Configuration clusterConfiguration() {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(50));
        config.set(PipelineOptions.GENERIC_TYPES, false);
        return config;
    }

    /** Slows the stream down so that checkpoint barriers pass between batches. */
    private static final class Trickle
            implements MapFunction<FeaturedClick, FeaturedClick>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        // the MiniCluster runs in this JVM: the test reads how many checkpoints completed
        static final AtomicInteger COMPLETED = new AtomicInteger();
        private int seen;

        @Override
        public FeaturedClick map(FeaturedClick click) throws Exception {
            if (++seen % 2 == 0) {
                Thread.sleep(1);
            }
            return click;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.incrementAndGet();
        }
    }

    @Test
    void decidesEveryClickOnceWithTheTrainersScore() throws Exception {
        TestModels models = TestModels.get();
        Map<String, Double> thresholds = new HashMap<>();
        Slicing.DEVICE_AND_LOGIN.slices().forEach(s -> thresholds.put(s.name(), 0.5));
        DeployedModel model =
                new DeployedModel(
                        TestModels.MODEL_VERSION,
                        "v2",
                        TestModels.NAMES,
                        models.onnx(),
                        models.reference(),
                        SliceThresholds.of("c1", thresholds, Slicing.DEVICE_AND_LOGIN));

        Random random = new Random(5);
        List<FeaturedClick> clicks = new ArrayList<>();
        Map<String, float[]> rows = new HashMap<>();
        for (int i = 0; i < CLICKS; i++) {
            float[] row = TestModels.randomRow(random);
            var b = builder("u" + (i % 97), "10.0.0." + (i % 31), T0.plusMillis(i * 100L));
            if (i % 3 == 0) {
                b.anonymous().device(Device.MOBILE);
            }
            FeaturedClick c = new FeaturedClick(b.clickId("click-" + i).build(), "v2", row, false);
            clicks.add(c);
            rows.put(c.click().clickId(), row);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(50);
        DataStream<FeaturedClick> featured =
                env.fromData(clicks, FeaturedClick.TYPE_INFO)
                        .setParallelism(1)
                        .map(new Trickle())
                        .returns(FeaturedClick.TYPE_INFO)
                        .setParallelism(1)
                        .rebalance();
        Configuration config = new Configuration();
        config.set(ScoringOptions.BATCH_MAX_SIZE, 16);
        config.set(ScoringOptions.BATCH_MAX_DELAY, Duration.ofSeconds(30));
        DataStream<Decision> decisions =
                ScoringOperator.score(featured, ModelSource.fixed(model), config).rebalance();

        Map<String, Decision> byClick = new HashMap<>();
        int received = 0;
        try (CloseableIterator<Decision> it = decisions.executeAndCollect("scoring-it")) {
            while (it.hasNext()) {
                Decision d = it.next();
                received++;
                byClick.put(d.clickId(), d);
            }
        }

        assertThat(Trickle.COMPLETED.get()).as("checkpoints while clicks flowed").isPositive();
        assertThat(received).isEqualTo(CLICKS);
        assertThat(byClick).hasSize(CLICKS);
        String[] ids = rows.keySet().toArray(String[]::new);
        float[][] matrix = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            matrix[i] = rows.get(ids[i]);
        }
        float[] expected = models.trainerScores(matrix);
        int invalid = 0;
        int agreeing = 0;
        for (int i = 0; i < ids.length; i++) {
            Decision d = byClick.get(ids[i]);
            assertThat(d.score()).isCloseTo(expected[i], within(1e-5));
            assertThat(d.features()).containsExactly(matrix[i]);
            assertThat(d.invalid()).isEqualTo(d.score() >= 0.5);
            boolean robot = matrix[i][FeatureSchema.USER_CLICKS_1H] > TestModels.ROBOT_CLICKS_1H;
            if (d.invalid() == robot) {
                agreeing++;
            }
            if (d.invalid()) {
                invalid++;
                assertThat(d.reasons()).first().isEqualTo("sivt:user_clicks_1h");
            }
        }
        assertThat(invalid).isBetween(CLICKS / 5, CLICKS / 2);
        // the model learnt the synthetic label; it may miss only next to the boundary
        assertThat(agreeing).isGreaterThan(CLICKS * 97 / 100);
    }
}
