package dev.slidr.local.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Click;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The upgrade rehearsal: the live job on a {@link LocalFlinkCluster} (processes) against {@link
 * ReplicatedKafka}, clicks with malformed records mixed in streamed at a fixed rate; part-way the
 * job is stopped with a savepoint and a changed job jar (the same code declaring a new version,
 * {@link JobJarVersion#withVersion}) is started from it at another parallelism while the clicks
 * keep coming. A {@code read_committed} reader then checks that every click has exactly one
 * decision and every malformed record one dead letter across the upgrade, and that the user-key
 * counters continued: every scored decision carries the features the same feature stage computes on
 * one machine over the same clicks without an upgrade.
 *
 * <p>Cluster and job settings are the soak's ({@link SoakRun}): {@code deploy/flink/config.yaml}
 * with local addresses, local checkpoints and savepoints, no TLS/SASL, short heartbeats. The job
 * runs as {@link UpgradeJob}, which reports the version its job jar declares.
 *
 * <pre>{@code
 * UpgradeSummary summary = new UpgradeRehearsal(progress).run(request);
 * }</pre>
 */
public final class UpgradeRehearsal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter progress;

    public UpgradeRehearsal(PrintWriter progress) {
        this.progress = progress;
    }

    /**
     * Runs the rehearsal; the run directory ({@link UpgradeRequest#work}) keeps the configuration,
     * logs, checkpoints, the savepoint and both job jars.
     *
     * @throws IOException when the cluster, the brokers, the jars or the model cannot be set up
     */
    public UpgradeSummary run(UpgradeRequest request) throws Exception {
        Path work = request.work().toAbsolutePath();
        Files.createDirectories(work);
        String classpath = readClasspath(request.clusterClasspath());
        if (!Files.isRegularFile(request.jobJar())) {
            throw new IOException(
                    "no job jar at "
                            + request.jobJar()
                            + "; build it with mvn -pl flink-job -am package");
        }
        String versionBefore = JobJarVersion.of(request.jobJar());
        String versionAfter =
                request.toVersion() != null
                        ? request.toVersion()
                        : JobJarVersion.bumped(versionBefore);
        if (versionAfter.equals(versionBefore)) {
            throw new IllegalArgumentException(
                    "the new version must differ from the job jar's own (" + versionBefore + ")");
        }
        progress.printf(
                "upgrade: writing the changed job jar (version %s -> %s)%n",
                versionBefore, versionAfter);
        progress.flush();
        Path jarAfter =
                JobJarVersion.withVersion(
                        request.jobJar(),
                        work.resolve("job-" + versionAfter + ".jar"),
                        versionAfter);
        Path modelDir = model(request, work);
        Configuration file = JobConfigFile.load(request.flinkConfig());
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
        Path checkpoints = work.resolve("checkpoints");
        flinkSettings.put("taskmanager.memory.process.size", request.taskManagerMemory());
        flinkSettings.put("jobmanager.memory.process.size", "1g");
        flinkSettings.put(
                "execution.checkpointing.savepoint-dir",
                work.resolve("savepoints").toUri().toString());
        flinkSettings.put("heartbeat.interval", "2000");
        flinkSettings.put("heartbeat.timeout", "10000");
        flinkSettings.put("taskmanager.load-balance.mode", "SLOTS");
        flinkSettings.put("metrics.fetcher.update-interval", "1000");
        int promPort = 9300 + new SecureRandom().nextInt(500);
        flinkSettings.put("metrics.reporter.prom.port", promPort + "-" + (promPort + 50));

        Topics.Names topics =
                new Topics.Names(
                        jobSettings.get(KafkaOptions.CLICKS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.CONVERSIONS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.DECISIONS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.CONTROL_TOPIC.key()));
        progress.printf("upgrade: run directory %s%n", work);
        progress.println(
                "upgrade: starting 3 Kafka brokers (replication 3, min.insync.replicas 2)");
        progress.flush();
        try (ReplicatedKafka kafka = ReplicatedKafka.start()) {
            Map<String, Integer> partitions = new LinkedHashMap<>();
            partitions.put(topics.clicks(), 4);
            partitions.put(topics.conversions(), 2);
            partitions.put(topics.decisions(), 4);
            partitions.put(topics.deadLetters(), 2);
            partitions.put(topics.control(), 1);
            kafka.createTopics(partitions);

            jobSettings.put(KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST");
            jobSettings.put(KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(), "slidr-upgrade");
            jobSettings.put(JobOptions.CHECKPOINT_DIR.key(), checkpoints.toUri().toString());
            jobSettings.put(
                    JobOptions.CHECKPOINT_INTERVAL.key(),
                    request.checkpointInterval().toMillis() + " ms");
            jobSettings.put(JobOptions.CHECKPOINT_MIN_PAUSE.key(), "500 ms");
            jobSettings.put(JobOptions.RESTART_DELAY.key(), "2 s");
            jobSettings.remove(JobOptions.MODEL_DIR.key());
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            // the same secret before and after: the keyed state is keyed by its pseudonyms
            jobSettings.put(
                    PrivacyOptions.HMAC_SECRET.key(), Base64.getEncoder().encodeToString(secret));

            progress.printf(
                    "upgrade: starting Flink (a job manager, %d task managers, processes)%n",
                    request.taskManagers());
            progress.flush();
            try (LocalFlinkCluster flink =
                    LocalFlinkCluster.start(
                            work.resolve("flink"),
                            classpath,
                            flinkSettings,
                            request.taskManagers())) {
                Path entryJar =
                        EntryJar.write(
                                work.resolve("upgrade-entry.jar"),
                                UpgradeJob.class,
                                JobJarVersion.class);
                return new Running(
                                request,
                                kafka,
                                flink,
                                jobSettings,
                                modelDir,
                                entryJar,
                                jarAfter,
                                versionAfter)
                        .rehearse();
            }
        }
    }

    /** One rehearsal in progress. */
    private final class Running {
        private final UpgradeRequest request;
        private final ReplicatedKafka kafka;
        private final LocalFlinkCluster flink;
        private final Map<String, String> jobSettings;
        private final Path modelDir;
        private final Path entryJar;
        private final Path jarAfter;
        private final String expectedVersionAfter;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicReference<String> jobId = new AtomicReference<>();
        private long startNanos;

        Running(
                UpgradeRequest request,
                ReplicatedKafka kafka,
                LocalFlinkCluster flink,
                Map<String, String> jobSettings,
                Path modelDir,
                Path entryJar,
                Path jarAfter,
                String expectedVersionAfter) {
            this.request = request;
            this.kafka = kafka;
            this.flink = flink;
            this.jobSettings = jobSettings;
            this.modelDir = modelDir;
            this.entryJar = entryJar;
            this.jarAfter = jarAfter;
            this.expectedVersionAfter = expectedVersionAfter;
        }

        UpgradeSummary rehearse() throws Exception {
            String before = submit(request.jobJar(), request.parallelismBefore(), null, "before");
            jobId.set(before);
            if (awaitCheckpoint(before, 0, Duration.ofMinutes(3)) < 0) {
                throw new IOException("the job did not start in 3 minutes; see " + flink.runDir());
            }
            String versionBefore = reportedVersion(before);
            progress.printf(
                    "upgrade: job %s runs version %s at parallelism %d; streaming clicks%n",
                    before, versionBefore, request.parallelismBefore());
            progress.flush();
            int clicks = (int) request.clicks();
            long upgradeAt = Math.max(1, Math.round(clicks * request.upgradeAt()));
            UpgradeTally tally =
                    new UpgradeTally(
                            kafka.clientProperties(),
                            jobSettings.get(KafkaOptions.DECISIONS_TOPIC.key()),
                            jobSettings.get(KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                            clicks);
            Thread reader = new Thread(tally, "upgrade-billing-reader");
            reader.start();
            AtomicReference<Step> step = new AtomicReference<>();
            Thread upgrader =
                    new Thread(() -> step.set(upgrade(before, versionBefore)), "upgrade-step");
            startNanos = System.nanoTime();
            long badRecords;
            long nextReport = System.nanoTime();
            try (SoakTraffic traffic =
                    new SoakTraffic(
                            kafka.clientProperties(),
                            Topics.of(names()).clicks(),
                            request.badEvery())) {
                for (long i = 0; i < clicks; i++) {
                    if (i % 100 == 0) {
                        long due = startNanos + (long) (i / request.rate() * 1e9);
                        long ahead = due - System.nanoTime();
                        if (ahead > 0) {
                            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
                        }
                    }
                    traffic.send(i);
                    sent.set(i + 1);
                    if (i + 1 == upgradeAt) {
                        upgrader.start();
                    }
                    if (System.nanoTime() >= nextReport) {
                        report(tally);
                        nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    }
                }
                traffic.flush();
                badRecords = traffic.badRecords();
            }
            while (upgrader.isAlive()) {
                upgrader.join(10_000);
                report(tally);
            }
            progress.printf(
                    "upgrade: all %,d clicks sent; waiting for the last decisions%n", clicks);
            progress.flush();
            long lastSeen = -1;
            long quietSince = System.nanoTime();
            while (tally.decidedClicks.get() < clicks
                    || tally.distinctDeadLetters.get() < badRecords) {
                long seen = tally.decisions.get() + tally.deadLetters.get();
                if (seen != lastSeen) {
                    lastSeen = seen;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > request.timeout().toNanos()) {
                    progress.printf(
                            "upgrade: no new decisions for %d s; stopping%n",
                            request.timeout().toSeconds());
                    break;
                }
                Thread.sleep(1000);
                if (System.nanoTime() >= nextReport) {
                    report(tally);
                    nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
            }
            // a last look: duplicates would arrive after the expected count is reached
            Thread.sleep(request.checkpointInterval().toMillis() * 3);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            tally.stop();
            reader.join(30_000);
            if (tally.failure() != null) {
                throw new IOException(
                        "the billing reader failed: " + tally.failure().getMessage(),
                        tally.failure());
            }
            Step done = step.get();
            UpgradeSummary.Counters counters = counters(tally, clicks, done.boundary());
            long decidedBefore = 0;
            for (int i = 0; i < clicks; i++) {
                if (tally.decidedBefore(i, done.boundary())) {
                    decidedBefore++;
                }
            }
            UpgradeSummary summary =
                    new UpgradeSummary(
                            clicks,
                            badRecords,
                            tally.decisions.get(),
                            tally.decidedClicks.get(),
                            clicks - tally.decidedClicks.get(),
                            tally.duplicated.get(),
                            tally.unexpected.get(),
                            tally.deadLetters.get(),
                            badRecords - tally.distinctDeadLetters.get(),
                            tally.deadLettersDuplicated.get(),
                            new UpgradeSummary.Upgrade(
                                    versionBefore,
                                    done.versionAfter(),
                                    expectedVersionAfter,
                                    request.parallelismBefore(),
                                    request.parallelismAfter(),
                                    before,
                                    done.jobAfter(),
                                    done.atClick(),
                                    done.savepoint() == null ? null : done.savepoint().toString(),
                                    done.savepoint() == null ? 0 : sizeOf(done.savepoint()),
                                    done.stopSeconds(),
                                    done.restoreSeconds(),
                                    decidedBefore,
                                    tally.decidedClicks.get() - decidedBefore,
                                    done.error()),
                            counters,
                            Math.round(seconds * 10) / 10.0);
            progress.printf(
                    "upgrade: %,d clicks, %,d decided, %,d lost, %,d duplicated; %,d bad records,"
                            + " %,d dead letters; version %s -> %s; %,d decisions after the"
                            + " upgrade compared, %,d differ; %s%n",
                    summary.clicks(),
                    summary.decidedClicks(),
                    summary.lost(),
                    summary.duplicated(),
                    summary.badRecords(),
                    summary.deadLetters(),
                    versionBefore,
                    done.versionAfter(),
                    counters.comparedAfter(),
                    counters.mismatches(),
                    summary.passed() ? "passed" : "FAILED");
            progress.flush();
            return summary;
        }

        /** The upgrade: stop with a savepoint, the changed jar from it at the new parallelism. */
        private Step upgrade(String before, String versionBefore) {
            long atClick = sent.get();
            Path savepoint = null;
            double stopSeconds = -1;
            Map<Integer, Long> boundary = Map.of();
            try {
                progress.printf(
                        "upgrade: stopping job %s with a savepoint at click %,d%n",
                        before, atClick);
                progress.flush();
                long stopStart = System.nanoTime();
                savepoint =
                        flink.stopWithSavepoint(
                                before,
                                request.work().toAbsolutePath().resolve("savepoints"),
                                request.timeout());
                stopSeconds = round((System.nanoTime() - stopStart) / 1e9);
                boundary = committedEnd(jobSettings.get(KafkaOptions.DECISIONS_TOPIC.key()));
                progress.printf(
                        "upgrade: savepoint %s (%,d bytes) in %.1f s; starting version %s at"
                                + " parallelism %d from it%n",
                        savepoint,
                        sizeOf(savepoint),
                        stopSeconds,
                        expectedVersionAfter,
                        request.parallelismAfter());
                progress.flush();
                long restoreStart = System.nanoTime();
                long restoreMillis = System.currentTimeMillis();
                String after = submit(jarAfter, request.parallelismAfter(), savepoint, "after");
                jobId.set(after);
                double waited = awaitCheckpoint(after, restoreMillis, request.timeout());
                if (waited < 0) {
                    return new Step(
                            atClick,
                            savepoint,
                            stopSeconds,
                            -1,
                            after,
                            null,
                            boundary,
                            "the job from the savepoint did not run within the timeout");
                }
                double restoreSeconds = round((System.nanoTime() - restoreStart) / 1e9);
                String versionAfter = reportedVersion(after);
                progress.printf(
                        "upgrade: job %s runs version %s at parallelism %d, restored in %.1f s%n",
                        after, versionAfter, request.parallelismAfter(), restoreSeconds);
                progress.flush();
                return new Step(
                        atClick,
                        savepoint,
                        stopSeconds,
                        restoreSeconds,
                        after,
                        versionAfter,
                        boundary,
                        null);
            } catch (Exception e) {
                progress.printf("upgrade: the upgrade failed: %s%n", e.getMessage());
                progress.flush();
                return new Step(
                        atClick,
                        savepoint,
                        stopSeconds,
                        -1,
                        null,
                        null,
                        boundary,
                        String.valueOf(e.getMessage()));
            }
        }

        private String submit(Path jar, int parallelism, Path restore, String name)
                throws IOException, InterruptedException {
            Map<String, String> settings = new LinkedHashMap<>(jobSettings);
            settings.put(JobOptions.PARALLELISM.key(), Integer.toString(parallelism));
            settings.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            Path config = request.work().toAbsolutePath().resolve("conf-job-" + name);
            Path yaml = config.resolve("slidr.yaml");
            writeJobConfig(yaml, settings);
            LocalFlinkCluster.Submission submission =
                    LocalFlinkCluster.Submission.of(
                                    jar.toAbsolutePath(),
                                    "--config",
                                    yaml.toString(),
                                    "--model-dir",
                                    modelDir.toString())
                            .withEntryClass(UpgradeJob.class.getName(), entryJar);
            if (restore != null) {
                submission = submission.restoring(restore);
            }
            return flink.submit(submission, Map.of());
        }

        /** The version the job reports; waits a little, the REST API has it once it is known. */
        private String reportedVersion(String job) throws InterruptedException {
            for (int i = 0; i < 40; i++) {
                Optional<String> version = flink.jobParameter(job, UpgradeJob.VERSION_PARAMETER);
                if (version.isPresent()) {
                    return version.get();
                }
                Thread.sleep(250);
            }
            return null;
        }

        /** The decisions topic's end offsets as a {@code read_committed} reader sees them. */
        private Map<Integer, Long> committedEnd(String topic) {
            Properties p = new Properties();
            p.putAll(kafka.clientProperties());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(
                            p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                Map<Integer, Long> end = new HashMap<>();
                consumer.endOffsets(
                                consumer.partitionsFor(topic).stream()
                                        .map(i -> new TopicPartition(topic, i.partition()))
                                        .toList())
                        .forEach((tp, offset) -> end.put(tp.partition(), offset));
                return end;
            }
        }

        private Topics.Names names() {
            return new Topics.Names(
                    jobSettings.get(KafkaOptions.CLICKS_TOPIC.key()),
                    jobSettings.get(KafkaOptions.CONVERSIONS_TOPIC.key()),
                    jobSettings.get(KafkaOptions.DECISIONS_TOPIC.key()),
                    jobSettings.get(KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                    jobSettings.get(KafkaOptions.CONTROL_TOPIC.key()));
        }

        private void report(UpgradeTally tally) throws InterruptedException {
            String state =
                    flink.job(jobId.get())
                            .map(v -> v.state() + ", " + v.completedCheckpoints() + " checkpoints")
                            .orElse("not reachable");
            progress.printf(
                    "upgrade: %5.0f s  sent %,d  decided %,d  dead letters %,d  job %s%n",
                    (System.nanoTime() - startNanos) / 1e9,
                    sent.get(),
                    tally.decidedClicks.get(),
                    tally.distinctDeadLetters.get(),
                    state);
            progress.flush();
        }

        /**
         * Waits until {@code job} runs and has completed a checkpoint triggered after {@code
         * afterMillis}; returns the seconds waited, or -1 on timeout.
         */
        private double awaitCheckpoint(String job, long afterMillis, Duration timeout)
                throws InterruptedException {
            long begin = System.nanoTime();
            long deadline = begin + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<LocalFlinkCluster.JobView> view = flink.job(job);
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
    }

    /**
     * What the upgrade step did: clicks sent at the stop, the savepoint, the times, the new job,
     * the version it reported, and the decisions topic's committed end when the old job stopped.
     */
    private record Step(
            long atClick,
            Path savepoint,
            double stopSeconds,
            double restoreSeconds,
            String jobAfter,
            String versionAfter,
            Map<Integer, Long> boundary,
            String error) {}

    /**
     * The user-key features of every scored decision against {@link UserCounters} fed the same
     * clicks in the order they were sent (a key's clicks share a partition, so the job sees them in
     * that order too): what the job computes when it is never upgraded.
     */
    static UpgradeSummary.Counters counters(
            UpgradeTally tally, int clicks, Map<Integer, Long> boundary) {
        Map<String, UserCounters> reference = new HashMap<>();
        Set<String> seenBefore = new HashSet<>();
        Set<String> across = new HashSet<>();
        long compared = 0;
        long comparedAfter = 0;
        long mismatches = 0;
        String first = null;
        for (int i = 0; i < clicks; i++) {
            float[] live = tally.userFeatures(i);
            if (live == null) {
                // not decided, or decided before scoring (GIVT): the feature stages never saw it
                continue;
            }
            Click click = SoakTraffic.click(i);
            String key = click.userKey();
            UserFeatures expected =
                    reference.computeIfAbsent(key, k -> new UserCounters()).add(click);
            float[] want = {
                expected.clicks1m(),
                expected.clicks5m(),
                expected.clicks1h(),
                expected.clicks24h(),
                (float) expected.velocity(),
                (float) expected.secondsSincePrevious()
            };
            boolean before = tally.decidedBefore(i, boundary);
            if (before) {
                seenBefore.add(key);
            } else if (seenBefore.contains(key)) {
                across.add(key);
                comparedAfter++;
            }
            compared++;
            for (int f = 0; f < want.length; f++) {
                if (Float.compare(live[f], want[f]) != 0) {
                    mismatches++;
                    if (first == null) {
                        first =
                                "click soak-"
                                        + i
                                        + " feature "
                                        + f
                                        + ": "
                                        + live[f]
                                        + ", uninterrupted "
                                        + want[f]
                                        + (before ? " (before the upgrade)" : " (after it)");
                    }
                    break;
                }
            }
        }
        return new UpgradeSummary.Counters(
                across.size(), compared, comparedAfter, mismatches, first);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void writeJobConfig(Path file, Map<String, String> settings) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder yaml =
                new StringBuilder(
                        "# the upgrade rehearsal's job settings, from deploy/flink/config.yaml\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            yaml.append(e.getKey())
                    .append(": ")
                    .append(JSON.writeValueAsString(e.getValue()))
                    .append('\n');
        }
        Files.writeString(file, yaml);
    }

    private static String readClasspath(Path file) throws IOException {
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

    private Path model(UpgradeRequest request, Path work) throws Exception {
        if (request.modelDir() != null) {
            return request.modelDir().toAbsolutePath();
        }
        DemoModel.Prepared prepared =
                new DemoModel(ModelRegistry.open(request.registry()), progress)
                        .prepare(
                                SimulatorConfig.defaults(),
                                request.seed(),
                                TrafficSimulator.DEFAULT_START,
                                request.historyDays(),
                                request.training(),
                                work.resolve("model-work"));
        progress.printf("upgrade: model %s (%s)%n", prepared.version(), prepared.note());
        progress.flush();
        return RegistryModel.writeModelDir(prepared.bundle(), work.resolve("model"))
                .toAbsolutePath();
    }
}
