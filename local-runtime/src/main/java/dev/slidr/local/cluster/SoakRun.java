package dev.slidr.local.cluster;

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
import dev.slidr.simulator.hostile.HostileCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import org.apache.flink.configuration.Configuration;
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
        String classpath = readClasspath(request.clusterClasspath());
        if (!Files.isRegularFile(request.jobJar())) {
            throw new IOException(
                    "no job jar at "
                            + request.jobJar()
                            + "; build it with mvn -pl flink-job -am package");
        }
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
        // the job's subtasks on both task managers, so that killing either one hits the job
        flinkSettings.put("taskmanager.load-balance.mode", "SLOTS");
        // the REST API's metrics (restarts) fresh to the second
        flinkSettings.put("metrics.fetcher.update-interval", "1000");
        int promPort = 9300 + new Random(request.seed()).nextInt(500);
        flinkSettings.put("metrics.reporter.prom.port", promPort + "-" + (promPort + 50));

        Topics.Names topics =
                new Topics.Names(
                        jobSettings.get(KafkaOptions.CLICKS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.CONVERSIONS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.DECISIONS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                        jobSettings.get(KafkaOptions.CONTROL_TOPIC.key()));
        progress.printf("soak: run directory %s%n", work);
        progress.println("soak: starting 3 Kafka brokers (replication 3, min.insync.replicas 2)");
        progress.flush();
        try (ReplicatedKafka kafka = ReplicatedKafka.start()) {
            Map<String, Integer> partitions = new LinkedHashMap<>();
            partitions.put(topics.clicks(), 4);
            partitions.put(topics.conversions(), 2);
            partitions.put(topics.decisions(), 4);
            partitions.put(topics.deadLetters(), 2);
            partitions.put(topics.control(), 1);
            kafka.createTopics(partitions);
            HostileCorpus corpus =
                    request.hostile() > 0
                            ? new HostileCorpus(request.seed(), HostileCorpus.DEFAULT_LARGEST_BYTES)
                            : null;
            if (corpus != null) {
                allowLargeRecords(kafka, topics.clicks(), SoakTraffic.maxRecordBytes(corpus));
            }

            jobSettings.put(KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST");
            jobSettings.put(KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(), "slidr-soak");
            jobSettings.put(JobOptions.CHECKPOINT_DIR.key(), checkpoints.toUri().toString());
            jobSettings.put(
                    JobOptions.CHECKPOINT_INTERVAL.key(),
                    request.checkpointInterval().toMillis() + " ms");
            jobSettings.put(JobOptions.CHECKPOINT_MIN_PAUSE.key(), "500 ms");
            jobSettings.put(JobOptions.PARALLELISM.key(), Integer.toString(request.parallelism()));
            jobSettings.put(JobOptions.RESTART_DELAY.key(), "2 s");
            jobSettings.put(JobOptions.RESTART_ATTEMPTS.key(), "100");
            jobSettings.remove(JobOptions.MODEL_DIR.key());
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            jobSettings.put(
                    PrivacyOptions.HMAC_SECRET.key(), Base64.getEncoder().encodeToString(secret));
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
                            Topics.of(
                                            new Topics.Names(
                                                    jobSettings.get(
                                                            KafkaOptions.CLICKS_TOPIC.key()),
                                                    jobSettings.get(
                                                            KafkaOptions.CONVERSIONS_TOPIC.key()),
                                                    jobSettings.get(
                                                            KafkaOptions.DECISIONS_TOPIC.key()),
                                                    jobSettings.get(
                                                            KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                                                    jobSettings.get(
                                                            KafkaOptions.CONTROL_TOPIC.key())))
                                    .clicks(),
                            request.badEvery(),
                            corpus,
                            request.hostile(),
                            clicks)) {
                int nextFault = 0;
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
            long lastSeen = -1;
            long quietSince = System.nanoTime();
            while (tally.decidedClicks.get() < clicks
                    || tally.distinctDeadLetters.get() < badRecords + hostileBySource.size()
                    || tally.hostileDecided.get() < hostileClicks.size()) {
                long seen = tally.decisions.get() + tally.deadLetters.get();
                if (seen != lastSeen) {
                    lastSeen = seen;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > request.recoveryTimeout().toNanos()) {
                    progress.println(
                            "soak: no new decisions for "
                                    + request.recoveryTimeout().toSeconds()
                                    + " s; stopping");
                    break;
                }
                Thread.sleep(1000);
                if (System.nanoTime() >= nextReport) {
                    report(clicks, tally);
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
            long begin = System.nanoTime();
            long deadline = begin + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<LocalFlinkCluster.JobView> view = flink.job(jobId.get());
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
        Files.createDirectories(file.getParent());
        StringBuilder yaml =
                new StringBuilder("# the soak's job settings, from deploy/flink/config.yaml\n");
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        for (Map.Entry<String, String> e : all.entrySet()) {
            yaml.append(e.getKey())
                    .append(": ")
                    .append(json.writeValueAsString(e.getValue()))
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

    private Path model(SoakRequest request, Path work) throws Exception {
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
        progress.printf("soak: model %s (%s)%n", prepared.version(), prepared.note());
        progress.flush();
        // the cluster's job reads a model directory (no registry keys on its task managers)
        return RegistryModel.writeModelDir(prepared.bundle(), work.resolve("model"))
                .toAbsolutePath();
    }
}
