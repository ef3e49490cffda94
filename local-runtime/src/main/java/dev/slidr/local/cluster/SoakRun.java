package dev.slidr.local.cluster;

import dev.slidr.job.JobOptions;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.Topics;
import dev.slidr.simulator.hostile.HostileCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The soak: the live job on a {@link LocalFlinkCluster} (job manager and task managers as
 * processes) against {@link ReplicatedKafka} (three brokers), clicks with malformed records mixed
 * in streamed at a fixed rate, each requested fault injected once at a seeded random point of the
 * stream, and a {@code read_committed} billing reader that checks every click has exactly one
 * decision and every malformed record one dead letter.
 *
 * <p>The cluster runs the Flink settings of {@code deploy/flink/config.yaml} and the job the {@code
 * slidr.*} settings of the same file, with these local changes: addresses and ports, checkpoints
 * and savepoints on local disk, no TLS/SASL, the task managers' memory, a shorter checkpoint
 * interval and restart delay, heartbeats of 2 s / 10 s (so that a killed process is noticed in
 * seconds, as Kubernetes' pod events would), reading the clicks topic from the earliest offset.
 *
 * <pre>{@code
 * SoakSummary summary = new SoakRun(progress).run(request);
 * }</pre>
 */
public final class SoakRun {

    /** How long a task manager stays down after {@code kill -9}, as while a pod is replaced. */
    static final Duration TASK_MANAGER_DOWN = Duration.ofSeconds(5);

    /** How long the checkpoint directory stays unwritable. */
    static final Duration CHECKPOINT_STORAGE_DOWN = Duration.ofSeconds(30);

    /** How long a broker stays down. */
    static final Duration BROKER_DOWN = Duration.ofSeconds(5);

    private final PrintWriter progress;

    public SoakRun(PrintWriter progress) {
        this.progress = progress;
    }

    /**
     * Runs the soak; the run directory ({@link SoakRequest#work}) keeps the configuration, logs and
     * checkpoints.
     *
     * @throws IOException when the cluster, the brokers or the model cannot be set up
     */
    public SoakSummary run(SoakRequest request) throws Exception {
        if (request.clicks() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " clicks");
        }
        Path work = request.work().toAbsolutePath();
        Files.createDirectories(work);
        String classpath = ClusterRunSetup.readClasspath(request.clusterClasspath());
        ClusterRunSetup.requireJobJar(request.jobJar());
        Path modelDir =
                ClusterRunSetup.model(
                        request.modelDir(),
                        request.registry(),
                        request.seed(),
                        request.historyDays(),
                        request.training(),
                        work,
                        progress,
                        "soak");
        ClusterRunSetup.Settings settings =
                ClusterRunSetup.localSettings(
                        request.flinkConfig(),
                        work,
                        request.taskManagerMemory(),
                        9300 + new Random(request.seed()).nextInt(500));
        Map<String, String> flinkSettings = settings.flink();
        Map<String, String> jobSettings = settings.job();
        Path checkpoints = work.resolve("checkpoints");

        Topics.Names topics = ClusterRunSetup.topics(jobSettings);
        progress.printf("soak: run directory %s%n", work);
        progress.println("soak: starting 3 Kafka brokers (replication 3, min.insync.replicas 2)");
        progress.flush();
        try (ReplicatedKafka kafka = ReplicatedKafka.start()) {
            ClusterRunSetup.createTopics(kafka, topics);
            HostileCorpus corpus =
                    request.hostile() > 0
                            ? new HostileCorpus(request.seed(), HostileCorpus.DEFAULT_LARGEST_BYTES)
                            : null;
            if (corpus != null) {
                allowLargeRecords(kafka, topics.clicks(), SoakTraffic.maxRecordBytes(corpus));
            }

            ClusterRunSetup.localJob(
                    jobSettings, "slidr-soak", checkpoints, request.checkpointInterval());
            jobSettings.put(JobOptions.PARALLELISM.key(), Integer.toString(request.parallelism()));
            jobSettings.put(JobOptions.RESTART_ATTEMPTS.key(), "100");
            Path jobConfig = work.resolve("conf-job").resolve("slidr.yaml");

            progress.printf(
                    "soak: starting Flink (a job manager, %d task managers, processes)%n",
                    request.taskManagers());
            progress.flush();
            try (LocalFlinkCluster flink =
                    LocalFlinkCluster.start(
                            work.resolve("flink"),
                            classpath,
                            flinkSettings,
                            request.taskManagers())) {
                Path signal = work.resolve("faults").resolve("operator-exception");
                Files.createDirectories(signal.getParent());
                Path soakJar = SoakJobJar.write(work.resolve("soak-job.jar"));
                LocalFlinkCluster.Submission submission =
                        LocalFlinkCluster.Submission.of(
                                        request.jobJar().toAbsolutePath(),
                                        "--config",
                                        jobConfig.toString(),
                                        "--model-dir",
                                        modelDir.toString(),
                                        "--signal",
                                        signal.toString())
                                .withEntryClass(SoakJob.class.getName(), soakJar);
                writeJobConfig(jobConfig, jobSettings, kafka);
                String jobId = flink.submit(submission, Map.of());
                progress.printf("soak: job %s submitted (flink run)%n", jobId);
                progress.flush();
                Running running =
                        new Running(
                                request,
                                kafka,
                                flink,
                                submission,
                                jobConfig,
                                jobSettings,
                                checkpoints,
                                signal,
                                jobId,
                                corpus);
                return running.soak();
            }
        }
    }

    /** One soak in progress: the cluster, the job that currently runs, the tally. */
    private final class Running {
        private final SoakRequest request;
        private final ReplicatedKafka kafka;
        private final LocalFlinkCluster flink;
        private final LocalFlinkCluster.Submission submission;
        private final Path jobConfig;
        private final Map<String, String> jobSettings;
        private final Path checkpoints;
        private final Path signal;
        private final AtomicReference<String> jobId;
        private final HostileCorpus corpus;
        private final Random random;
        private final List<SoakSummary.Fault> faults =
                Collections.synchronizedList(new ArrayList<>());
        private long startNanos;

        /** Clicks handed to the producer so far. */
        private final AtomicLong sent = new AtomicLong();

        Running(
                SoakRequest request,
                ReplicatedKafka kafka,
                LocalFlinkCluster flink,
                LocalFlinkCluster.Submission submission,
                Path jobConfig,
                Map<String, String> jobSettings,
                Path checkpoints,
                Path signal,
                String jobId,
                HostileCorpus corpus) {
            this.request = request;
            this.kafka = kafka;
            this.flink = flink;
            this.submission = submission;
            this.jobConfig = jobConfig;
            this.jobSettings = jobSettings;
            this.checkpoints = checkpoints;
            this.signal = signal;
            this.jobId = new AtomicReference<>(jobId);
            this.corpus = corpus;
            this.random = new Random(request.seed());
        }

        SoakSummary soak() throws Exception {
            awaitCheckpoint(0, Duration.ofMinutes(3));
            progress.println("soak: job running, first checkpoint done; streaming clicks");
            progress.flush();
            int clicks = (int) request.clicks();
            List<FaultKind> kinds = new ArrayList<>(request.faults());
            Collections.shuffle(kinds, random);
            long[] points = new long[kinds.size()];
            for (int j = 0; j < points.length; j++) {
                // each fault in its own stretch of 10 % to 80 % of the stream
                double from = 0.1 + 0.7 * j / points.length;
                double to = 0.1 + 0.7 * (j + 1) / points.length;
                points[j] = (long) (clicks * (from + random.nextDouble() * (to - from)));
            }
            BlockingQueue<Optional<Scheduled>> queue = new LinkedBlockingQueue<>();
            Thread injector = new Thread(() -> inject(queue), "soak-faults");
            BillingTally tally =
                    new BillingTally(
                            kafka.clientProperties(),
                            jobSettings.get(KafkaOptions.DECISIONS_TOPIC.key()),
                            jobSettings.get(KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                            clicks);
            Thread reader = new Thread(tally, "soak-billing-reader");
            reader.start();
            injector.start();
            startNanos = System.nanoTime();
            long badRecords;
            long hostileRecords;
            Map<String, SoakTraffic.HostileLabel> hostileBySource;
            Map<String, SoakTraffic.HostileLabel> hostileClicks;
            long nextReport = System.nanoTime();
            try (SoakTraffic traffic =
                    new SoakTraffic(
                            kafka.clientProperties(),
                            Topics.of(ClusterRunSetup.topics(jobSettings)).clicks(),
                            request.badEvery(),
                            corpus,
                            request.hostile(),
                            clicks)) {
                int nextFault = 0;
                for (long i = 0; i < clicks; i++) {
                    ClusterRunSetup.pace(startNanos, i, request.rate());
                    traffic.send(i);
                    sent.set(i + 1);
                    while (nextFault < points.length && i >= points[nextFault]) {
                        queue.put(Optional.of(new Scheduled(kinds.get(nextFault), i)));
                        nextFault++;
                    }
                    if (System.nanoTime() >= nextReport) {
                        report(i, tally);
                        nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    }
                }
                traffic.flush();
                badRecords = traffic.badRecords();
                hostileRecords = traffic.hostileRecords();
                hostileBySource = Map.copyOf(traffic.hostileBySource());
                hostileClicks = Map.copyOf(traffic.hostileClicks());
            }
            queue.put(Optional.empty());
            while (injector.isAlive()) {
                injector.join(10_000);
                report(clicks, tally);
            }
            progress.printf("soak: all %,d clicks sent; waiting for the last decisions%n", clicks);
            progress.flush();
            long expectedLetters = badRecords + hostileBySource.size();
            long expectedHostile = hostileClicks.size();
            tally.awaitLast(
                    () ->
                            tally.decidedClicks.get() >= clicks
                                    && tally.distinctDeadLetters.get() >= expectedLetters
                                    && tally.hostileDecided.get() >= expectedHostile,
                    request.recoveryTimeout(),
                    nextReport,
                    progress,
                    "soak",
                    () -> report(clicks, tally));
            // a last look: duplicates would arrive after the expected count is reached
            Thread.sleep(request.checkpointInterval().toMillis() * 3);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            tally.stop(reader);
            long restarts =
                    flink.job(jobId.get()).map(LocalFlinkCluster.JobView::restarts).orElse(-1L);
            SoakSummary summary =
                    new SoakSummary(
                            clicks,
                            badRecords,
                            tally.decisions.get(),
                            tally.decidedClicks.get(),
                            clicks - tally.decidedClicks.get(),
                            tally.duplicated.get(),
                            tally.deadLetters.get(),
                            // the hostile records' dead letters are checked on their own
                            badRecords
                                    - (tally.distinctDeadLetters.get()
                                            - hostileLetters(tally, hostileBySource)),
                            tally.deadLettersDuplicated.get(),
                            tally.unexpected.get(),
                            List.copyOf(faults),
                            restarts,
                            Math.round(seconds * 10) / 10.0,
                            new SoakSummary.Settings(
                                    request.parallelism(),
                                    request.taskManagers(),
                                    ReplicatedKafka.BROKERS,
                                    request.rate(),
                                    request.checkpointInterval().toMillis() + " ms",
                                    request.seed(),
                                    request.work().toAbsolutePath().toString()),
                            corpus == null
                                    ? null
                                    : SoakSummary.Hostile.tally(
                                            hostileRecords,
                                            hostileBySource,
                                            hostileClicks,
                                            tally.reasonBySource(),
                                            tally.hostileDecisions()));
            progress.printf(
                    "soak: %,d clicks, %,d decided, %,d lost, %,d duplicated; %,d bad records, %,d"
                            + " dead letters; %s%n",
                    summary.clicks(),
                    summary.decidedClicks(),
                    summary.lost(),
                    summary.duplicated(),
                    summary.badRecords(),
                    summary.deadLetters(),
                    summary.passed() ? "passed" : "FAILED");
            if (summary.hostile() != null) {
                SoakSummary.Hostile h = summary.hostile();
                progress.printf(
                        "soak: hostile corpus: %,d records; %,d of %,d clicks decided; %,d of %,d"
                                + " dead letters with the expected reason, %,d with another, %,d"
                                + " missing; job restarts %d%n",
                        h.records(),
                        h.clicksDecided(),
                        h.clicks(),
                        h.deadLettersRight(),
                        h.deadLettersExpected(),
                        h.deadLettersWrongReason(),
                        h.deadLettersMissing(),
                        summary.jobRestarts());
            }
            progress.flush();
            return summary;
        }

        /** Distinct sources with a dead letter that are hostile records. */
        private long hostileLetters(
                BillingTally tally, Map<String, SoakTraffic.HostileLabel> hostileBySource) {
            return hostileBySource.keySet().stream()
                    .filter(tally.reasonBySource()::containsKey)
                    .count();
        }

        private void report(long sent, BillingTally tally) throws InterruptedException {
            String state =
                    flink.job(jobId.get())
                            .map(
                                    v ->
                                            v.state()
                                                    + ", "
                                                    + v.restarts()
                                                    + " restarts, "
                                                    + v.completedCheckpoints()
                                                    + " checkpoints")
                            .orElse("not reachable");
            progress.printf(
                    "soak: %5.0f s  sent %,d  decided %,d  dead letters %,d  job %s%n",
                    (System.nanoTime() - startNanos) / 1e9,
                    sent,
                    tally.decidedClicks.get(),
                    tally.distinctDeadLetters.get(),
                    state);
            progress.flush();
        }

        /** The fault thread: injects each scheduled fault and waits for the job to recover. */
        private void inject(BlockingQueue<Optional<Scheduled>> queue) {
            try {
                while (true) {
                    Optional<Scheduled> next = queue.take();
                    if (next.isEmpty()) {
                        return;
                    }
                    faults.add(injectOne(next.get()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private SoakSummary.Fault injectOne(Scheduled scheduled) throws InterruptedException {
            FaultKind kind = scheduled.kind();
            long started = System.currentTimeMillis();
            double at = (System.nanoTime() - startNanos) / 1e9;
            // the fault before this one may have taken a while: the stream went on meanwhile
            long atClick = sent.get();
            progress.printf("soak: fault %s at click %,d%n", kind.option(), atClick);
            progress.flush();
            String target = "";
            try {
                long ended;
                switch (kind) {
                    case TASK_MANAGER_KILL -> {
                        int tm = random.nextInt(flink.taskManagerCount());
                        target = "taskmanager-" + tm + " pid " + flink.taskManagerPid(tm);
                        flink.killTaskManager(tm);
                        ended = System.currentTimeMillis();
                        Thread.sleep(TASK_MANAGER_DOWN.toMillis());
                        flink.startTaskManager(tm);
                    }
                    case JOB_MANAGER_RESTART -> {
                        String old = jobId.get();
                        flink.killJobManager();
                        flink.startJobManager();
                        flink.awaitTaskManagers(flink.taskManagerCount(), Duration.ofMinutes(2));
                        Optional<Path> checkpoint =
                                LocalFlinkCluster.latestCheckpoint(checkpoints, old);
                        writeJobConfig(jobConfig, jobSettings, kafka);
                        String restarted =
                                flink.submit(
                                        checkpoint.map(submission::restoring).orElse(submission),
                                        Map.of());
                        jobId.set(restarted);
                        target =
                                "job "
                                        + old
                                        + " -> "
                                        + restarted
                                        + checkpoint
                                                .map(c -> " from " + c.getFileName())
                                                .orElse(" from the start");
                        ended = System.currentTimeMillis();
                    }
                    case BROKER_RESTART -> {
                        List<Integer> ids = kafka.brokerIds();
                        int broker = ids.get(random.nextInt(ids.size()));
                        target = "broker " + broker;
                        kafka.stopBroker(broker);
                        Thread.sleep(BROKER_DOWN.toMillis());
                        kafka.startBroker(broker);
                        ended = System.currentTimeMillis();
                    }
                    case OPERATOR_EXCEPTION -> {
                        target = SoakJob.FAULT_UID;
                        Files.writeString(signal, "throw\n");
                        long deadline = System.nanoTime() + request.recoveryTimeout().toNanos();
                        while (Files.exists(signal) && System.nanoTime() < deadline) {
                            Thread.sleep(50);
                        }
                        if (Files.exists(signal)) {
                            Files.deleteIfExists(signal);
                            throw new IOException("no subtask picked up the signal");
                        }
                        ended = System.currentTimeMillis();
                    }
                    case CHECKPOINT_STORAGE -> {
                        Path dir = checkpoints.resolve(jobId.get());
                        target = dir.toString();
                        try (UnwritableDirectory locked = UnwritableDirectory.lock(dir)) {
                            Thread.sleep(CHECKPOINT_STORAGE_DOWN.toMillis());
                        }
                        ended = System.currentTimeMillis();
                    }
                    default -> throw new IllegalStateException("unknown fault " + kind);
                }
                double recovery = awaitCheckpoint(ended, request.recoveryTimeout());
                // each failure in the job's exception history is one restart (a job manager
                // restart starts a new job, whose history begins empty)
                long restarts = Math.max(0, flink.failuresSince(jobId.get(), started));
                double seconds =
                        recovery < 0 ? -1 : (System.currentTimeMillis() - started) / 1000.0;
                if (kind == FaultKind.TASK_MANAGER_KILL) {
                    flink.awaitTaskManagers(flink.taskManagerCount(), Duration.ofMinutes(2));
                }
                progress.printf(
                        "soak: fault %s (%s) %s%n",
                        kind.option(),
                        target,
                        seconds < 0
                                ? "NOT recovered"
                                : String.format("recovered in %.1f s", seconds));
                progress.flush();
                return new SoakSummary.Fault(
                        kind.option(),
                        target,
                        atClick,
                        Math.round(at * 10) / 10.0,
                        Math.round(seconds * 10) / 10.0,
                        restarts,
                        null);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                progress.printf("soak: fault %s failed: %s%n", kind.option(), e.getMessage());
                progress.flush();
                return new SoakSummary.Fault(
                        kind.option(),
                        target,
                        atClick,
                        Math.round(at * 10) / 10.0,
                        -1,
                        Math.max(0, flink.failuresSince(jobId.get(), started)),
                        String.valueOf(e.getMessage()));
            }
        }

        /** Restarts of the job that runs now (0 when the REST API does not answer). */
        private long restarts() throws InterruptedException {
            // the metric is fetched from the task side once a second
            Thread.sleep(1500);
            return flink.job(jobId.get()).map(LocalFlinkCluster.JobView::restarts).orElse(0L);
        }

        /**
         * Waits until the current job runs and has completed a checkpoint triggered after {@code
         * afterMillis}; returns the seconds waited, or -1 on timeout.
         */
        private double awaitCheckpoint(long afterMillis, Duration timeout)
                throws InterruptedException {
            return ClusterRunSetup.awaitCheckpoint(flink, jobId::get, afterMillis, timeout);
        }
    }

    /** A fault due once the stream reaches {@code atClick}. */
    private record Scheduled(FaultKind kind, long atClick) {}

    /**
     * Raises the clicks topic's {@code max.message.bytes} so that the corpus's largest records
     * reach the job, whose own size limit must answer them (a consumer fetches a record larger than
     * its fetch sizes on its own, so the job's source needs no change).
     */
    private static void allowLargeRecords(ReplicatedKafka kafka, String topic, int bytes)
            throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.incrementalAlterConfigs(
                            Map.of(
                                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            "max.message.bytes",
                                                            Integer.toString(bytes)),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
    }

    private static void writeJobConfig(
            Path file, Map<String, String> settings, ReplicatedKafka kafka) throws IOException {
        // the brokers' current addresses: a restarted broker may listen on another port
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        ClusterRunSetup.writeJobConfig(file, all, "the soak's");
    }
}
