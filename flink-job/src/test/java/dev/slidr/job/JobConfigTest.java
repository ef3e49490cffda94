package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
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
    void putsTheChangelogBesideTheCheckpointsUnlessItsBasePathIsSet() {
        Configuration conf = changelogOn();
        conf.set(JobOptions.CHECKPOINT_DIR, "s3://bucket/slidr/checkpoints/");

        JobConfig derived = JobConfig.fromConfiguration(conf);
        assertThat(derived.applyTo(conf).get(JobConfig.CHANGELOG_BASE_PATH))
                .isEqualTo("s3://bucket/slidr/checkpoints/changelog");
        assertThat(derived.changelogBasePath()).contains("s3://bucket/slidr/checkpoints/changelog");

        conf.set(JobConfig.CHANGELOG_BASE_PATH, "s3://bucket/slidr/dstl");
        assertThat(
                        JobConfig.fromConfiguration(conf)
                                .applyTo(conf)
                                .get(JobConfig.CHANGELOG_BASE_PATH))
                .isEqualTo("s3://bucket/slidr/dstl");
    }

    @Test
    void leavesTheChangelogAloneWhenItIsOff() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.CHECKPOINT_DIR, "file:///tmp/checkpoints");

        JobConfig config = JobConfig.fromConfiguration(conf);

        assertThat(config.changelogBasePath()).isEmpty();
        assertThat(config.applyTo(conf).contains(JobConfig.CHANGELOG_BASE_PATH)).isFalse();
    }

    @Test
    void switchedOffWithTheFileStorageNamedButNoBasePathTheStorageFallsBackToItsDefault() {
        // a task manager opens the named storage for every job, and the file storage cannot start
        // without a base path
        Configuration conf = new Configuration();
        conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, false);
        conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");

        Configuration applied = JobConfig.fromConfiguration(conf).applyTo(conf);

        assertThat(applied.contains(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE)).isFalse();
        conf.set(JobConfig.CHANGELOG_BASE_PATH, "s3://bucket/slidr/dstl");
        assertThat(
                        JobConfig.fromConfiguration(conf)
                                .applyTo(conf)
                                .get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE))
                .isEqualTo("filesystem");
    }

    @Test
    void refusesAChangelogWithNowhereToWriteIt() {
        Configuration noPath = changelogOn();
        noPath.set(JobConfig.CHANGELOG_BASE_PATH, "  ");

        assertThatThrownBy(() -> JobConfig.fromConfiguration(noPath))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining(JobConfig.CHANGELOG_BASE_PATH.key())
                .hasMessageContaining(JobOptions.CHECKPOINT_DIR.key());
    }

    @Test
    void refusesAChangelogKeptOnlyInMemory() {
        Configuration memory = changelogOn();
        memory.set(JobOptions.CHECKPOINT_DIR, "file:///tmp/checkpoints");
        memory.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "memory");

        assertThatThrownBy(() -> JobConfig.fromConfiguration(memory))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE.key())
                .hasMessageContaining("memory");
    }

    @Test
    void refusesAChangelogSwitchThatIsNotABoolean() {
        Configuration conf = new Configuration();
        conf.setString(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG.key(), "sometimes");

        assertThatThrownBy(() -> JobConfig.fromConfiguration(conf))
                .isInstanceOf(InvalidJobConfigException.class);
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

    private static Configuration changelogOn() {
        Configuration conf = new Configuration();
        conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
        conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, JobConfig.CHANGELOG_FILE_STORAGE);
        return conf;
    }
}
