package dev.slidr.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Flink session cluster on this machine as production runs one: a job manager ({@code
 * StandaloneSessionClusterEntrypoint}) and task managers ({@code TaskManagerRunner}), each a JVM
 * process started with the memory options Flink's own scripts compute ({@code BashJavaUtils}), on a
 * class path of Flink's artifacts only (the {@code cluster-lib} module's list), with {@code
 * --configDir} pointing at a {@code config.yaml} written from the given settings. Jobs are
 * submitted by Flink's own client ({@code CliFrontend}, that is {@code flink run}) in a process of
 * its own. Logs go to {@code RUN/logs}.
 *
 * <pre>{@code
 * try (LocalFlinkCluster flink = LocalFlinkCluster.start(runDir, classpath, flinkSettings, 2)) {
 *     String job = flink.submit(Submission.of(jobJar, "--config", conf.toString(), ...));
 *     flink.killTaskManager(0);
 *     flink.startTaskManager(0);
 * }
 * }</pre>
 */
public final class LocalFlinkCluster implements AutoCloseable {

    /**
     * What {@link #submit} runs: {@code flink run -d [-s RESTORE] [-c CLASS] [-C EXTRA] JAR ARGS}.
     */
    public record Submission(
            Path jobJar,
            Optional<String> entryClass,
            Optional<Path> extraJar,
            List<String> args,
            Optional<Path> restoreFrom) {

        /** The job jar's own main class with {@code args}, from no saved state. */
        public static Submission of(Path jobJar, String... args) {
            return new Submission(
                    jobJar, Optional.empty(), Optional.empty(), List.of(args), Optional.empty());
        }

        /** This submission with {@code entryClass} from {@code extraJar} as the main class. */
        public Submission withEntryClass(String entryClass, Path extraJar) {
            return new Submission(
                    jobJar, Optional.of(entryClass), Optional.of(extraJar), args, restoreFrom);
        }

        /** This submission restoring the checkpoint or savepoint at {@code path}. */
        public Submission restoring(Path path) {
            return new Submission(jobJar, entryClass, extraJar, args, Optional.of(path));
        }
    }

    /** A job as the REST API reports it. */
    public record JobView(
            String id,
            String state,
            long restarts,
            long completedCheckpoints,
            long latestCheckpointTriggeredAt) {}

    private static final String JOB_MANAGER_CLASS =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_CLASS =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String CLIENT_CLASS = "org.apache.flink.client.cli.CliFrontend";
    private static final String MEMORY_CLASS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    /**
     * The JVM options Flink's distribution sets for every process ({@code
     * env.java.default-opts.all} of its {@code config.yaml}): reflective access that Kryo and the
     * network stack need on Java 17.
     */
    private static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path runDir;
    private final Path confDir;
    private final Path logDir;
    private final String classpath;
    private final int restPort;
    private final List<String> jobManagerJvm;
    private final List<String> jobManagerDynamic;
    private final List<String> taskManagerJvm;
    private final List<String> taskManagerDynamic;
    private final FlinkProcess[] taskManagers;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FlinkProcess jobManager;
    private int jobManagerStarts;
    // a JVM stopped with Ctrl-C would leave the cluster's processes running
    private final Thread killOnExit = new Thread(this::killAll, "local-flink-cluster-exit");
    private final int[] taskManagerStarts;

    private LocalFlinkCluster(Path runDir, String classpath, int restPort, int taskManagerCount)
            throws IOException, InterruptedException {
        this.runDir = runDir;
        this.confDir = runDir.resolve("conf");
        this.logDir = runDir.resolve("logs");
        this.classpath = classpath;
        this.restPort = restPort;
        this.taskManagers = new FlinkProcess[taskManagerCount];
        this.taskManagerStarts = new int[taskManagerCount];
        List<List<String>> jm = memoryOptions("GET_JM_RESOURCE_PARAMS");
        this.jobManagerJvm = jm.get(0);
        this.jobManagerDynamic = jm.get(1);
        List<List<String>> tm = memoryOptions("GET_TM_RESOURCE_PARAMS");
        this.taskManagerJvm = tm.get(0);
        this.taskManagerDynamic = tm.get(1);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Writes the configuration directory, starts the job manager and {@code taskManagers} task
     * managers and waits until all have registered.
     *
     * @param runDir where configuration, logs, checkpoints and RocksDB files go
     * @param classpath the processes' class path (Flink's artifacts)
     * @param flinkSettings the Flink keys of {@code deploy/flink/config.yaml} with local overrides;
     *     addresses and ports are set here
     */
    public static LocalFlinkCluster start(
            Path runDir, String classpath, Map<String, String> flinkSettings, int taskManagers)
            throws IOException, InterruptedException {
        Path confDir = runDir.resolve("conf");
        Files.createDirectories(confDir);
        Files.createDirectories(runDir.resolve("logs"));
        int restPort = freePort();
        Map<String, String> settings = new LinkedHashMap<>(flinkSettings);
        settings.put("jobmanager.rpc.address", "localhost");
        settings.put("jobmanager.rpc.port", Integer.toString(freePort()));
        settings.put("jobmanager.bind-host", "localhost");
        settings.put("rest.address", "localhost");
        settings.put("rest.bind-address", "localhost");
        settings.put("rest.port", Integer.toString(restPort));
        settings.put("taskmanager.host", "localhost");
        settings.put("taskmanager.bind-host", "localhost");
        settings.put("state.backend.rocksdb.localdir", runDir.resolve("rocksdb").toString());
        settings.put("io.tmp.dirs", runDir.resolve("tmp").toString());
        Files.createDirectories(runDir.resolve("tmp"));
        writeConfig(confDir.resolve("config.yaml"), settings);
        Files.writeString(confDir.resolve("log4j.properties"), LOG4J);
        Files.writeString(confDir.resolve("log4j-cli.properties"), LOG4J);
        LocalFlinkCluster cluster =
                new LocalFlinkCluster(runDir, classpath, restPort, taskManagers);
        try {
            cluster.startJobManager();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager(i);
            }
            cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(2));
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The REST endpoint of the job manager ({@code http://localhost:PORT}). */
    public String restAddress() {
        return "http://localhost:" + restPort;
    }

    public Path runDir() {
        return runDir;
    }

    /** The process id of task manager {@code index}, or -1 when it is not running. */
    public long taskManagerPid(int index) {
        FlinkProcess tm = taskManagers[index];
        return tm != null && tm.isAlive() ? tm.pid() : -1;
    }

    public int taskManagerCount() {
        return taskManagers.length;
    }

    /** Starts the job manager process and waits until its REST API answers. */
    public void startJobManager() throws IOException, InterruptedException {
        jobManager =
                FlinkProcess.start(
                        "jobmanager-" + jobManagerStarts++,
                        jvmOptions(jobManagerJvm, "log4j.properties"),
                        classpath,
                        JOB_MANAGER_CLASS,
                        withDynamic(List.of("--configDir", confDir.toString()), jobManagerDynamic),
                        Map.of(),
                        logDir);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (get("/overview").isEmpty()) {
            if (!jobManager.isAlive()) {
                throw new IOException(
                        "the job manager exited at start; see "
                                + logDir.resolve(jobManager.name()));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the job manager's REST API did not answer in 2 minutes");
            }
            Thread.sleep(250);
        }
    }

    /** {@code kill -9} of the job manager process. */
    public void killJobManager() throws InterruptedException {
        jobManager.kill();
    }

    /** Starts task manager {@code index} (again). */
    public void startTaskManager(int index) throws IOException {
        taskManagers[index] =
                FlinkProcess.start(
                        "taskmanager-" + index + "-" + taskManagerStarts[index]++,
                        jvmOptions(taskManagerJvm, "log4j.properties"),
                        classpath,
                        TASK_MANAGER_CLASS,
                        withDynamic(List.of("--configDir", confDir.toString()), taskManagerDynamic),
                        Map.of(),
                        logDir);
    }

    /** {@code kill -9} of task manager {@code index}. */
    public void killTaskManager(int index) throws InterruptedException {
        taskManagers[index].kill();
    }

    /** Waits until {@code count} task managers are registered with the job manager. */
    public void awaitTaskManagers(int count, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> overview = get("/overview");
            if (overview.isPresent() && overview.get().path("taskmanagers").asInt() == count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        count
                                + " task managers did not register in "
                                + timeout.toSeconds()
                                + " s; see "
                                + logDir);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Submits a job as {@code flink run -d} does, in a client process of its own with {@code
     * FLINK_CONF_DIR} set to this cluster's configuration; returns the job id.
     *
     * @param env extra environment of the client (the job's main method runs there)
     */
    public String submit(Submission submission, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        submission
                .restoreFrom()
                .ifPresent(
                        p -> {
                            args.add("-s");
                            args.add(p.toString());
                        });
        submission
                .entryClass()
                .ifPresent(
                        c -> {
                            args.add("-c");
                            args.add(c);
                        });
        submission
                .extraJar()
                .ifPresent(
                        j -> {
                            args.add("-C");
                            args.add(j.toUri().toString());
                        });
        args.add(submission.jobJar().toString());
        args.addAll(submission.args());
        Map<String, String> clientEnv = new LinkedHashMap<>(env);
        clientEnv.put("FLINK_CONF_DIR", confDir.toString());
        FlinkProcess client =
                FlinkProcess.start(
                        "flink-run-" + System.currentTimeMillis(),
                        jvmOptions(List.of("-Xmx1g"), "log4j-cli.properties"),
                        classpath,
                        CLIENT_CLASS,
                        args,
                        clientEnv,
                        logDir);
        int exit = client.waitFor(300);
        Path out = logDir.resolve(client.name() + ".out");
        String output = Files.exists(out) ? Files.readString(out) : "";
        Matcher m = JOB_ID.matcher(output);
        if (exit != 0 || !m.find()) {
            throw new IOException(
                    "flink run failed (exit "
                            + exit
                            + "); see "
                            + out
                            + ": "
                            + lastLines(output, 5));
        }
        return m.group(1);
    }

    /** The job's state, restarts and latest completed checkpoint; empty when it is not known. */
    public Optional<JobView> job(String jobId) throws InterruptedException {
        Optional<JsonNode> job = get("/jobs/" + jobId);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> checkpoints = get("/jobs/" + jobId + "/checkpoints");
        Optional<JsonNode> restarts = get("/jobs/" + jobId + "/metrics?get=numRestarts");
        long restartCount = 0;
        if (restarts.isPresent() && restarts.get().size() > 0) {
            restartCount = restarts.get().get(0).path("value").asLong();
        }
        JsonNode completed = checkpoints.map(c -> c.path("latest").path("completed")).orElse(null);
        return Optional.of(
                new JobView(
                        jobId,
                        job.get().path("state").asText(),
                        restartCount,
                        checkpoints
                                .map(c -> c.path("counts").path("completed").asLong())
                                .orElse(0L),
                        completed == null || completed.isNull() || completed.isMissingNode()
                                ? 0
                                : completed.path("trigger_timestamp").asLong()));
    }

    /**
     * The failures of {@code jobId} (each one restarts it) at or after {@code sinceMillis}, from
     * the job's exception history; -1 when the REST API does not answer.
     */
    public long failuresSince(String jobId, long sinceMillis) throws InterruptedException {
        Optional<JsonNode> exceptions = get("/jobs/" + jobId + "/exceptions?maxExceptions=100");
        if (exceptions.isEmpty()) {
            return -1;
        }
        long count = 0;
        for (JsonNode entry : exceptions.get().path("exceptionHistory").path("entries")) {
            if (entry.path("timestamp").asLong() >= sinceMillis) {
                count++;
            }
        }
        return count;
    }

    /**
     * Stops {@code jobId} with a savepoint in {@code targetDir}, as {@code flink stop
     * --savepointPath} does (REST {@code POST /jobs/ID/stop}, without draining, so that timers and
     * windows stay in the state); returns where the savepoint was written.
     *
     * @throws IOException when the job manager refuses the stop, the savepoint fails, or it takes
     *     longer than {@code timeout}
     */
    public Path stopWithSavepoint(String jobId, Path targetDir, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targetDirectory", targetDir.toAbsolutePath().toUri().toString());
        body.put("drain", false);
        body.put("formatType", "CANONICAL");
        JsonNode trigger = post("/jobs/" + jobId + "/stop", JSON.writeValueAsString(body));
        String requestId = trigger.path("request-id").asText();
        if (requestId.isEmpty()) {
            throw new IOException("stop with savepoint of job " + jobId + ": no request id");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> status = get("/jobs/" + jobId + "/savepoints/" + requestId);
            if (status.isPresent()
                    && status.get().path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.get().path("operation");
                if (operation.hasNonNull("location")) {
                    return Path.of(URI.create(operation.get("location").asText()));
                }
                throw new IOException(
                        "stop with savepoint of job "
                                + jobId
                                + " failed: "
                                + lastLines(
                                        operation
                                                .path("failure-cause")
                                                .path("stack-trace")
                                                .asText(operation.toString()),
                                        3));
            }
            Thread.sleep(250);
        }
        throw new IOException(
                "stop with savepoint of job "
                        + jobId
                        + " did not complete in "
                        + timeout.toSeconds()
                        + " s; see "
                        + logDir);
    }

    /**
     * The global job parameter {@code key} of {@code jobId} ({@code
     * pipeline.global-job-parameters}, REST {@code /jobs/ID/config}); empty when the job or the key
     * is not known.
     */
    public Optional<String> jobParameter(String jobId, String key) throws InterruptedException {
        return get("/jobs/" + jobId + "/config")
                .map(c -> c.path("execution-config").path("user-config").path(key))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    /**
     * The newest completed checkpoint of {@code jobId} on disk ({@code chk-N} with its {@code
     * _metadata}), under {@code checkpointDir}: what a restart without HA resumes from.
     */
    public static Optional<Path> latestCheckpoint(Path checkpointDir, String jobId)
            throws IOException {
        Path dir = checkpointDir.resolve(jobId);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(
                            (a, b) ->
                                    Long.compare(
                                            Long.parseLong(a.getFileName().toString().substring(4)),
                                            Long.parseLong(
                                                    b.getFileName().toString().substring(4))));
        }
    }

    /** Kills every process of the cluster. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private void killAll() {
        for (FlinkProcess tm : taskManagers) {
            if (tm != null) {
                tm.killNow();
            }
        }
        if (jobManager != null) {
            jobManager.killNow();
        }
    }

    private Optional<JsonNode> get(String path) throws InterruptedException {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(restAddress() + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            // not up (yet), or restarting
            return Optional.empty();
        }
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restAddress() + path))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "POST "
                            + path
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + lastLines(response.body(), 3));
        }
        return JSON.readTree(response.body());
    }

    private List<String> jvmOptions(List<String> memory, String log4jFile) {
        List<String> options = new ArrayList<>(memory);
        options.addAll(JAVA_17_OPTIONS);
        options.add("-Dlog4j.configurationFile=" + confDir.resolve(log4jFile).toUri());
        return options;
    }

    private static List<String> withDynamic(List<String> args, List<String> dynamic) {
        List<String> all = new ArrayList<>(args);
        all.addAll(dynamic);
        return all;
    }

    /**
     * What Flink's start scripts pass: {@code BashJavaUtils} derives the JVM options (heap, direct
     * memory, metaspace) and the memory settings from the configuration.
     */
    private List<List<String>> memoryOptions(String command)
            throws IOException, InterruptedException {
        FlinkProcess process =
                FlinkProcess.start(
                        "memory-" + command.toLowerCase(java.util.Locale.ROOT),
                        List.of("-Xmx256m"),
                        classpath,
                        MEMORY_CLASS,
                        List.of(command, "--configDir", confDir.toString()),
                        Map.of(),
                        logDir);
        int exit = process.waitFor(120);
        Path out = logDir.resolve(process.name() + ".out");
        List<String> results =
                Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()).trim())
                        .toList();
        if (exit != 0 || results.size() < 2) {
            throw new IOException(
                    "Flink could not derive the memory settings from "
                            + confDir.resolve("config.yaml")
                            + "; see "
                            + out);
        }
        List<String> dynamic = new ArrayList<>();
        // "-D key=value -D key=value": pairs of arguments
        for (String token : results.get(1).split(" ")) {
            if (!token.isBlank()) {
                dynamic.add(token);
            }
        }
        return List.of(Arrays.asList(results.get(0).split(" ")), dynamic);
    }

    private static void writeConfig(Path file, Map<String, String> settings) throws IOException {
        StringBuilder yaml =
                new StringBuilder(
                        "# written by LocalFlinkCluster from deploy/flink/config.yaml and the"
                                + " local overrides\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            // JSON strings are YAML strings: no value is misread as a number, list or map
            yaml.append(e.getKey())
                    .append(": ")
                    .append(JSON.writeValueAsString(e.getValue()))
                    .append('\n');
        }
        Files.writeString(file, yaml);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join(
                " | ", Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
    }

    private static final String LOG4J =
            String.join(
                    "\n",
                    "# each process logs to the file its -Dlog.file names",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = MainAppender",
                    "appender.main.name = MainAppender",
                    "appender.main.type = File",
                    "appender.main.fileName = ${sys:log.file}",
                    "appender.main.layout.type = PatternLayout",
                    "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "");
}
