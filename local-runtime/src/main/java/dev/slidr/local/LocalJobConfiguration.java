package dev.slidr.local;

import dev.slidr.job.JobConfig;
import dev.slidr.job.JobOptions;
import dev.slidr.job.kafka.DeliveryMode;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.StartingOffsets;
import dev.slidr.rules.privacy.PrivacyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;

/**
 * The configuration of the live job on a local MiniCluster against the in-process broker, shared by
 * {@code demo} and {@code bench}: exactly-once sinks, RocksDB with incremental checkpoints every
 * second into a work directory, the changelog state backend and buffer debloating as in {@code
 * deploy/flink/config.yaml}, reading the clicks topic from the earliest offset, a fresh HMAC secret
 * per run.
 *
 * <pre>{@code
 * Configuration conf = LocalJobConfiguration.create(
 *         kafka.bootstrapServers(), LocalJobConfiguration.Topics.named(""), "slidr-demo", 2, work);
 * }</pre>
 */
public final class LocalJobConfiguration {

    /** The job's topic names. */
    public record Topics(
            String clicks,
            String conversions,
            String decisions,
            String deadLetters,
            String control) {

        /** The five topics, each name with {@code prefix} in front. */
        public static Topics named(String prefix) {
            return new Topics(
                    prefix + "clicks",
                    prefix + "conversions",
                    prefix + "decisions",
                    prefix + "dead-letters",
                    prefix + "control");
        }
    }

    private LocalJobConfiguration() {}

    /**
     * The job's settings.
     *
     * @param transactionalIdPrefix unique per job on the broker (exactly-once sinks)
     * @param work where checkpoints go (deleted by the caller)
     */
    public static Configuration create(
            String bootstrapServers,
            Topics topics,
            String transactionalIdPrefix,
            int parallelism,
            Path work) {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        conf.set(KafkaOptions.CLICKS_TOPIC, topics.clicks());
        conf.set(KafkaOptions.CONVERSIONS_TOPIC, topics.conversions());
        conf.set(KafkaOptions.DECISIONS_TOPIC, topics.decisions());
        conf.set(KafkaOptions.DEAD_LETTERS_TOPIC, topics.deadLetters());
        conf.set(KafkaOptions.CONTROL_TOPIC, topics.control());
        conf.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        conf.set(KafkaOptions.DELIVERY_GUARANTEE, DeliveryMode.EXACTLY_ONCE);
        conf.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(JobOptions.PARALLELISM, parallelism);
        conf.set(JobOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString());
        // as deploy/flink/config.yaml: on a backlog, checkpoint barriers queue behind full network
        // buffers; debloating sizes them to about 1 s of throughput. bin/slidr bench, 100,000
        // preloaded clicks: 2,472 and 3,161 clicks/s with it, 1,165 to 1,618 without
        // (docs/benchmarks.md, "RocksDB and checkpoint settings")
        conf.set(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED, true);
        // as deploy/flink/config.yaml: most state reads are of keys RocksDB does not hold (a new
        // click id, a new user); a bloom filter answers them without searching every file. The
        // monitor's conversion join, 20,000 decisions per round: 4,642 decisions per CPU-second
        // without, 18,531 with (docs/benchmarks.md, "The monitor's join")
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        // as deploy/flink/config.yaml: a checkpoint's synchronous part writes the state changes
        // already logged instead of flushing RocksDB on the task thread; the log goes beside the
        // checkpoints (JobConfig). bin/slidr bench --parts latency, 1,000 clicks/s: p99.9 918, 134
        // and 567 ms with it, 2,191, 1,030 and 13,943 ms without, in back-to-back pairs
        // (docs/benchmarks.md, "The latency tail")
        conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
        conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, JobConfig.CHANGELOG_FILE_STORAGE);
        // a fresh secret per run: local runs keep no state across runs
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        conf.set(PrivacyOptions.HMAC_SECRET, Base64.getEncoder().encodeToString(secret));
        return conf;
    }

    /** Deletes a run's work directory and everything under it. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
