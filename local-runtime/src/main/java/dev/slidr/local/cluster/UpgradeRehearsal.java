package dev.slidr.local.cluster;

import dev.slidr.contract.Click;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import dev.slidr.job.JobOptions;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
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
        String classpath = ClusterRunSetup.readClasspath(request.clusterClasspath());
        ClusterRunSetup.requireJobJar(request.jobJar());
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
        Path modelDir =
                ClusterRunSetup.model(
                        request.modelDir(),
                        request.registry(),
                        request.seed(),
                        request.historyDays(),
                        request.training(),
                        work,
                        progress,
                        "upgrade");
        ClusterRunSetup.Settings settings =
                ClusterRunSetup.localSettings(
                        request.flinkConfig(),
                        work,
                        request.taskManagerMemory(),
                        9300 + new SecureRandom().nextInt(500));
        Map<String, String> flinkSettings = settings.flink();
        Map<String, String> jobSettings = settings.job();
        Path checkpoints = work.resolve("checkpoints");

        Topics.Names topics = ClusterRunSetup.topics(jobSettings);
        progress.printf("upgrade: run directory %s%n", work);
        progress.println(
                "upgrade: starting 3 Kafka brokers (replication 3, min.insync.replicas 2)");
        progress.flush();
        try (ReplicatedKafka kafka = ReplicatedKafka.start()) {
            ClusterRunSetup.createTopics(kafka, topics);
            ClusterRunSetup.localJob(
                    jobSettings, "slidr-upgrade", checkpoints, request.checkpointInterval());

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
                            Topics.of(ClusterRunSetup.topics(jobSettings)).clicks(),
                            request.badEvery())) {
                for (long i = 0; i < clicks; i++) {
                    ClusterRunSetup.pace(startNanos, i, request.rate());
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
            long expectedLetters = badRecords;
            tally.awaitLast(
                    () ->
                            tally.decidedClicks.get() >= clicks
                                    && tally.distinctDeadLetters.get() >= expectedLetters,
                    request.timeout(),
                    nextReport,
                    progress,
                    "upgrade",
                    () -> report(tally));
            // a last look: duplicates would arrive after the expected count is reached
            Thread.sleep(request.checkpointInterval().toMillis() * 3);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            tally.stop(reader);
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
            ClusterRunSetup.writeJobConfig(yaml, settings, "the upgrade rehearsal's");
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
            return ClusterRunSetup.awaitCheckpoint(flink, () -> job, afterMillis, timeout);
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
}
