package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    @Test
    void appliesRocksDbIncrementalCheckpointsAndParallelism() {
        Configuration conf = new Configuration();
        conf.setString(JobOptions.CHECKPOINT_INTERVAL.key(), "3 s");
        conf.set(JobOptions.PARALLELISM, 4);
        conf.setString("pipeline.max-parallelism", "128");

        Configuration flink = JobConfig.fromConfiguration(conf).applyTo(conf);

        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(flink.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(4);
        assertThat(flink.getString("pipeline.max-parallelism", null)).isEqualTo("128");
    }

    @Test
    void flushesNetworkBuffersQuicklyUnlessConfigured() {
        Configuration none = new Configuration();
        assertThat(
                        JobConfig.fromConfiguration(none)
                                .applyTo(none)
                                .get(ExecutionOptions.BUFFER_TIMEOUT))
                .isEqualTo(JobConfig.DEFAULT_BUFFER_TIMEOUT);
        Configuration set = new Configuration();
        set.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(40));
        assertThat(
                        JobConfig.fromConfiguration(set)
                                .applyTo(set)
                                .get(ExecutionOptions.BUFFER_TIMEOUT))
                .isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void defaultsNeedNoSettings() {
        JobConfig config = JobConfig.fromConfiguration(new Configuration());

        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.parallelism()).isEqualTo(1);
        assertThat(config.modelDir()).isEmpty();
    }

    @Test
    void refusesParallelismBelowOne() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.PARALLELISM, 0);

        assertThatThrownBy(() -> JobConfig.fromConfiguration(conf))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining(JobOptions.PARALLELISM.key());
    }

    @Test
    void refusesACheckpointIntervalThatDisablesCheckpoints() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ZERO);

        assertThatThrownBy(() -> JobConfig.fromConfiguration(conf))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining(JobOptions.CHECKPOINT_INTERVAL.key());
    }

    @Test
    void refusesAValueThatIsNotADuration() {
        Configuration conf = new Configuration();
        conf.setString(JobOptions.CHECKPOINT_INTERVAL.key(), "often");

        assertThatThrownBy(() -> JobConfig.fromConfiguration(conf))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining(JobOptions.CHECKPOINT_INTERVAL.key());
    }
}
