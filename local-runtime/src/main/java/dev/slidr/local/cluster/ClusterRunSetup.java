package dev.slidr.local.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.job.JobConfig;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.JobOptions;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.Topics;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.local.demo.DemoModel;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.privacy.PrivacyOptions;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.training.pipeline.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;

/**
 * The set-up that the soak ({@link SoakRun}) and the upgrade rehearsal ({@link UpgradeRehearsal})
 * share: the cluster's and the job's settings from {@code deploy/flink/config.yaml} with their
 * local changes, the brokers' topics, the model directory, the job's configuration file and the
 * wait for a job's checkpoint. Other modules' tests that start a {@link LocalFlinkCluster} take
 * their settings from {@link #localSettings} too.
 */
public final class ClusterRunSetup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterRunSetup() {}

    /** The Flink settings and the {@code slidr.*} job settings of one configuration file. */
    public record Settings(Map<String, String> flink, Map<String, String> job) {}

    /** The cluster's class path, every entry of which must exist. */
    public static String readClasspath(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "no cluster class path list at "
                            + file
                            + "; build it with mvn -pl cluster-lib package");
        }
        String classpath = Files.readString(file).strip();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new IOException(
                        file + " names " + entry + ", which does not exist; rebuild cluster-lib");
            }
        }
        return classpath;
    }

    static void requireJobJar(Path jobJar) throws IOException {
        if (!Files.isRegularFile(jobJar)) {
            throw new IOException(
                    "no job jar at " + jobJar + "; build it with mvn -pl flink-job -am package");
        }
    }

    /**
     * The settings of {@code flinkConfig}, split into Flink's and the job's, with the Flink ones
     * changed for a cluster of local processes: the task managers' memory, savepoints under {@code
     * work} (and the changelog's log, when the file sets its base path), short heartbeats, fresh
     * metrics and a Prometheus port range from {@code promPort}.
     */
    public static Settings localSettings(
            Path flinkConfig, Path work, String taskManagerMemory, int promPort) {
        Configuration file = JobConfigFile.load(flinkConfig);
        Map<String, String> flinkSettings = new LinkedHashMap<>();
        Map<String, String> jobSettings = new LinkedHashMap<>();
        file.toMap()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(JobConfigFile.PREFIX)) {
                                // TLS and SASL are for the production brokers
                                if (!k.startsWith("slidr.kafka.properties.")) {
                                    jobSettings.put(k, v);
                                }
                            } else {
                                flinkSettings.put(k, v);
                            }
                        });
        flinkSettings.put("taskmanager.memory.process.size", taskManagerMemory);
        flinkSettings.put("jobmanager.memory.process.size", "1g");
        flinkSettings.put(
                "execution.checkpointing.savepoint-dir",
                work.resolve("savepoints").toUri().toString());
        if (flinkSettings.containsKey(JobConfig.CHANGELOG_BASE_PATH.key())) {
            // the changelog state backend's log, like the savepoints, on this machine
            flinkSettings.put(
                    JobConfig.CHANGELOG_BASE_PATH.key(),
                    work.resolve("changelog").toUri().toString());
        }
        flinkSettings.put("heartbeat.interval", "2000");
        flinkSettings.put("heartbeat.timeout", "10000");
        // the job's subtasks on both task managers, so that killing either one hits the job
        flinkSettings.put("taskmanager.load-balance.mode", "SLOTS");
        // the REST API's metrics (restarts) fresh to the second
        flinkSettings.put("metrics.fetcher.update-interval", "1000");
        flinkSettings.put("metrics.reporter.prom.port", promPort + "-" + (promPort + 50));
        return new Settings(flinkSettings, jobSettings);
    }

    /** The topic names the job settings give. */
    static Topics.Names topics(Map<String, String> jobSettings) {
        return new Topics.Names(
                jobSettings.get(KafkaOptions.CLICKS_TOPIC.key()),
                jobSettings.get(KafkaOptions.CONVERSIONS_TOPIC.key()),
                jobSettings.get(KafkaOptions.DECISIONS_TOPIC.key()),
                jobSettings.get(KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                jobSettings.get(KafkaOptions.CONTROL_TOPIC.key()));
    }

    /** Creates the job's topics with the partition counts of production. */
    static void createTopics(ReplicatedKafka kafka, Topics.Names topics) throws Exception {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        partitions.put(topics.clicks(), 4);
        partitions.put(topics.conversions(), 2);
        partitions.put(topics.decisions(), 4);
        partitions.put(topics.deadLetters(), 2);
        partitions.put(topics.control(), 1);
        kafka.createTopics(partitions);
    }

    /**
     * Changes the job settings for a local run: the clicks topic from the earliest offset,
     * checkpoints under {@code checkpoints}, a short restart delay, the model from the command line
     * and a fresh pseudonymization secret.
     */
    static void localJob(
            Map<String, String> jobSettings,
            String transactionalIdPrefix,
            Path checkpoints,
            Duration checkpointInterval) {
        jobSettings.put(KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST");
        jobSettings.put(KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(), transactionalIdPrefix);
        jobSettings.put(JobOptions.CHECKPOINT_DIR.key(), checkpoints.toUri().toString());
        jobSettings.put(
                JobOptions.CHECKPOINT_INTERVAL.key(), checkpointInterval.toMillis() + " ms");
        jobSettings.put(JobOptions.CHECKPOINT_MIN_PAUSE.key(), "500 ms");
        jobSettings.put(JobOptions.RESTART_DELAY.key(), "2 s");
        jobSettings.remove(JobOptions.MODEL_DIR.key());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        // one secret for the whole run, across restarts and upgrades: the keyed state is keyed by
        // its pseudonyms
        jobSettings.put(
                PrivacyOptions.HMAC_SECRET.key(), Base64.getEncoder().encodeToString(secret));
    }

    /**
     * Writes {@code settings} as the job's YAML file; {@code whose} names the run in its first
     * line.
     */
    static void writeJobConfig(Path file, Map<String, String> settings, String whose)
            throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder yaml =
                new StringBuilder("# " + whose + " job settings, from deploy/flink/config.yaml\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            yaml.append(e.getKey())
                    .append(": ")
                    .append(JSON.writeValueAsString(e.getValue()))
                    .append('\n');
        }
        Files.writeString(file, yaml);
    }

    /**
     * The model directory the job reads: {@code modelDir} when given, else the demo model of the
     * registry (trained on {@code historyDays} of simulated history when it has none) written under
     * {@code work}; {@code name} starts the progress line.
     */
    static Path model(
            Path modelDir,
            Path registry,
            long seed,
            int historyDays,
            TrainingConfig training,
            Path work,
            PrintWriter progress,
            String name)
            throws Exception {
        if (modelDir != null) {
            return modelDir.toAbsolutePath();
        }
        DemoModel.Prepared prepared =
                new DemoModel(ModelRegistry.open(registry), progress)
                        .prepare(
                                SimulatorConfig.defaults(),
                                seed,
                                TrafficSimulator.DEFAULT_START,
                                historyDays,
                                training,
                                work.resolve("model-work"));
        progress.printf("%s: model %s (%s)%n", name, prepared.version(), prepared.note());
        progress.flush();
        // the cluster's job reads a model directory (no registry keys on its task managers)
        return RegistryModel.writeModelDir(prepared.bundle(), work.resolve("model"))
                .toAbsolutePath();
    }

    /**
     * Waits until the job {@code job} names runs and has completed a checkpoint triggered after
     * {@code afterMillis}; returns the seconds waited, or -1 on timeout.
     */
    static double awaitCheckpoint(
            LocalFlinkCluster flink, Supplier<String> job, long afterMillis, Duration timeout)
            throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<LocalFlinkCluster.JobView> view = flink.job(job.get());
            if (view.isPresent()
                    && view.get().state().equals("RUNNING")
                    && view.get().completedCheckpoints() > 0
                    && view.get().latestCheckpointTriggeredAt() > afterMillis) {
                return (System.nanoTime() - begin) / 1e9;
            }
            Thread.sleep(250);
        }
        return -1;
    }

    /**
     * Holds the stream to {@code rate} clicks a second from {@code startNanos}: before every
     * hundredth click, sleeps until it is due.
     */
    static void pace(long startNanos, long i, double rate) throws InterruptedException {
        if (i % 100 == 0) {
            long due = startNanos + (long) (i / rate * 1e9);
            long ahead = due - System.nanoTime();
            if (ahead > 0) {
                Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
            }
        }
    }
}
