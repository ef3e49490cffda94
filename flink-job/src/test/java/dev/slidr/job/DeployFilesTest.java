package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.rules.givt.GivtConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalResourceOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files under {@code deploy/}: every YAML file parses, the job's own loader accepts the job
 * configurations, every Flink key is one Flink defines, and the files agree with each other (ports,
 * directories, parallelism, topics, transaction timeouts, the GPU variant).
 */
class DeployFilesTest {

    private static final Path DEPLOY = repositoryRoot().resolve("deploy");
    private static final Path FLINK_CONFIG = DEPLOY.resolve("flink/config.yaml");
    private static final Path CPU_JOB = DEPLOY.resolve("kubernetes/slidr-job.yaml");
    private static final Path GPU_JOB = DEPLOY.resolve("kubernetes/slidr-job-gpu.yaml");
    private static final Path JOB_SECRETS = DEPLOY.resolve("kubernetes/slidr-config.yaml");
    private static final Path TOPICS = DEPLOY.resolve("kafka/topics.sh");
    private static final Path BROKER = DEPLOY.resolve("kafka/broker.properties");

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Flink's option classes whose keys the deployment may set. */
    private static final List<Class<?>> FLINK_OPTIONS =
            List.of(
                    CheckpointingOptions.class,
                    StateBackendOptions.class,
                    StateRecoveryOptions.class,
                    RestartStrategyOptions.class,
                    MetricOptions.class,
                    TaskManagerOptions.class,
                    JobManagerOptions.class,
                    HighAvailabilityOptions.class,
                    CoreOptions.class,
                    PipelineOptions.class,
                    RestOptions.class,
                    ClusterOptions.class,
                    ExternalResourceOptions.class,
                    RocksDBOptions.class,
                    RocksDBConfigurableOptions.class,
                    StateChangelogOptions.class,
                    FsStateChangelogOptions.class);

    /**
     * Options of the Flink Kubernetes Operator (not on this class path, so listed here; see the
     * operator's configuration reference).
     */
    private static final Set<String> OPERATOR_OPTIONS =
            Set.of(
                    "kubernetes.operator.periodic.savepoint.interval",
                    "kubernetes.operator.savepoint.history.max.age",
                    "kubernetes.operator.savepoint.history.max.count",
                    "kubernetes.operator.job.upgrade.last-state-fallback.enabled");

    @TempDir Path tmp;

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files;
        try (var walk = Files.walk(DEPLOY)) {
            files =
                    walk.filter(
                                    p ->
                                            p.toString().endsWith(".yaml")
                                                    || p.toString().endsWith(".yml"))
                            .toList();
        }
        assertThat(files).contains(FLINK_CONFIG, CPU_JOB, GPU_JOB, JOB_SECRETS);
        for (Path file : files) {
            assertThat(documents(file)).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void theJobLoadsTheFlinkConfigWithEveryComponentConfigValid() throws IOException {
        Configuration conf = JobConfigFile.load(filled(FLINK_CONFIG));

        JobConfig job = JobConfig.fromConfiguration(conf);
        Configuration applied = job.applyTo(conf);
        KafkaConfig.fromConfiguration(applied);
        GivtConfig.fromConfiguration(applied);

        assertThat(job.parallelism()).isEqualTo(4);
    }

    @Test
    void theJobNeverOverwritesAFlinkSettingOfTheFile() throws IOException {
        Configuration conf = JobConfigFile.load(filled(FLINK_CONFIG));
        Map<String, String> before = conf.toMap();
        Map<String, String> after = JobConfig.fromConfiguration(conf).applyTo(conf).toMap();

        for (Map.Entry<String, String> entry : before.entrySet()) {
            assertThat(after.get(entry.getKey()))
                    .as(
                            "%s is set by JobConfig.applyTo; set it through slidr.job.*",
                            entry.getKey())
                    .isEqualTo(entry.getValue());
        }
    }

    @Test
    void everyFlinkKeyIsAnOptionFlinkDefines() throws IOException {
        Set<String> known = flinkKeys();
        Map<String, String> keys = new TreeMap<>(JobConfigFile.load(FLINK_CONFIG).toMap());
        for (Path job : List.of(CPU_JOB, GPU_JOB)) {
            flinkConfiguration(job).fields().forEachRemaining(e -> keys.put(e.getKey(), ""));
        }
        List<String> unknown = new ArrayList<>();
        for (String key : keys.keySet()) {
            if (!key.startsWith("slidr.") && !isFlinkKey(key, known)) {
                unknown.add(key);
            }
        }
        assertThat(unknown).as("keys no Flink option defines").isEmpty();
    }

    @Test
    void theFlinkDeploymentsRunTheJobWithSavepointUpgradesOnRocksDb() throws IOException {
        Configuration file = JobConfigFile.load(FLINK_CONFIG);
        for (Path path : List.of(CPU_JOB, GPU_JOB)) {
            JsonNode deployment = single(path);
            JsonNode spec = deployment.path("spec");
            JsonNode job = spec.path("job");
            JsonNode flink = spec.path("flinkConfiguration");
            String where = path.getFileName().toString();

            assertThat(deployment.path("apiVersion").asText())
                    .isEqualTo("flink.apache.org/v1beta1");
            assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
            assertThat(job.path("upgradeMode").asText()).as(where).isEqualTo("savepoint");
            assertThat(job.path("state").asText()).isEqualTo("running");
            assertThat(job.path("entryClass").asText()).isEqualTo(ClickDecisionJob.class.getName());
            assertThat(job.path("jarURI").asText()).startsWith("local:///opt/flink/usrlib/");
            assertThat(job.path("allowNonRestoredState").asBoolean(true)).isFalse();
            assertThat(job.path("parallelism").asInt())
                    .as("spec.job.parallelism and slidr.job.parallelism")
                    .isEqualTo(file.get(JobOptions.PARALLELISM));

            // the CRD types flinkConfiguration as map<string, string>: a bare true or 3 is refused
            flink.fields()
                    .forEachRemaining(
                            e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());
            assertThat(flink.path("state.backend.type").asText()).isEqualTo("rocksdb");
            assertThat(Integer.parseInt(flink.path("pipeline.max-parallelism").asText()))
                    .as("key groups: fixed for the life of the state, at least the parallelism")
                    .isGreaterThanOrEqualTo(job.path("parallelism").asInt());
            assertThat(flink.path("execution.checkpointing.incremental").asText())
                    .isEqualTo("true");
            assertThat(flink.path("execution.checkpointing.dir").asText())
                    .isEqualTo(file.get(JobOptions.CHECKPOINT_DIR));
            assertThat(flink.path("execution.checkpointing.savepoint-dir").asText())
                    .isEqualTo(file.toMap().get("execution.checkpointing.savepoint-dir"))
                    .startsWith("s3://");
            // reads of keys RocksDB does not hold (new click ids, users) skip the files
            assertThat(flink.path("state.backend.rocksdb.use-bloom-filter").asText())
                    .as(where)
                    .isEqualTo("true");
            // the changelog state backend, its log on storage that outlives the task managers
            assertThat(flink.path("state.changelog.enabled").asText()).as(where).isEqualTo("true");
            assertThat(flink.path("state.changelog.storage").asText())
                    .isEqualTo(JobConfig.CHANGELOG_FILE_STORAGE);
            assertThat(flink.path(JobConfig.CHANGELOG_BASE_PATH.key()).asText())
                    .isEqualTo(file.get(JobConfig.CHANGELOG_BASE_PATH))
                    .startsWith("s3://");
            // every setting both files hold has one value
            Map<String, String> fileKeys = file.toMap();
            flink.fields()
                    .forEachRemaining(
                            e -> {
                                if (fileKeys.containsKey(e.getKey())) {
                                    assertThat(e.getValue().asText())
                                            .as(where + " " + e.getKey())
                                            .isEqualTo(fileKeys.get(e.getKey()));
                                }
                            });
        }
    }

    @Test
    void theJobsReadTheRegistryInEveryPodWithTheTrustedKeysAndExportNoModelDirectory()
            throws IOException {
        Set<String> secrets = new HashSet<>();
        documents(JOB_SECRETS).forEach(d -> secrets.add(d.path("metadata").path("name").asText()));
        for (Path path : List.of(CPU_JOB, GPU_JOB)) {
            JsonNode spec = single(path).path("spec");
            String where = path.getFileName().toString();
            List<String> args = new ArrayList<>();
            spec.path("job").path("args").forEach(a -> args.add(a.asText()));
            assertThat(args).as(where).doesNotContain("--model-dir");
            String registry = args.get(args.indexOf("--registry") + 1);

            // the shared pod template reaches the job manager (which loads the stable bundle) and
            // every task manager (which loads the bundle a control command names)
            JsonNode pod = spec.path("podTemplate").path("spec");
            JsonNode container = pod.path("containers").get(0);
            Map<String, String> mounts = new TreeMap<>();
            container
                    .path("volumeMounts")
                    .forEach(
                            m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
            assertThat(mounts).as(where).containsEntry(registry, "registry");
            Map<String, String> env = new TreeMap<>();
            container
                    .path("env")
                    .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
            assertThat(mounts).as(where).containsKey(env.get("SLIDR_TRUSTED_KEYS"));
            String keysVolume = mounts.get(env.get("SLIDR_TRUSTED_KEYS"));
            pod.path("volumes")
                    .forEach(
                            v -> {
                                if (v.path("name").asText().equals(keysVolume)) {
                                    assertThat(secrets)
                                            .as(where + ": the trusted keys' Secret")
                                            .contains(v.path("secret").path("secretName").asText());
                                }
                            });
            for (String role : List.of("jobManager", "taskManager")) {
                assertThat(spec.path(role).path("podTemplate").path("spec").has("initContainers"))
                        .as(where + " " + role)
                        .isFalse();
            }
        }
    }

    @Test
    void prometheusScrapesTheReporterPortOfEveryPod() throws IOException {
        Map<String, String> file = JobConfigFile.load(FLINK_CONFIG).toMap();
        String factory = file.get("metrics.reporter.prom.factory.class");
        String port = file.get("metrics.reporter.prom.port");

        assertThat(factory).isEqualTo(PrometheusReporterFactory.class.getName());
        for (Path path : List.of(CPU_JOB, GPU_JOB)) {
            JsonNode spec = single(path).path("spec");
            JsonNode pod = spec.path("podTemplate");
            assertThat(spec.path("flinkConfiguration").path("metrics.reporter.prom.port").asText())
                    .isEqualTo(port);
            JsonNode annotations = pod.path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(port);
            JsonNode container = mainContainer(pod);
            assertThat(container.path("ports").get(0).path("containerPort").asText())
                    .isEqualTo(port);
        }
    }

    @Test
    void theGpuVariantDiffersOnlyInItsGpuParts() throws IOException {
        ObjectNode cpu = (ObjectNode) single(CPU_JOB);
        ObjectNode gpu = (ObjectNode) single(GPU_JOB);
        JsonNode gpuSpec = gpu.path("spec");
        JsonNode flink = gpuSpec.path("flinkConfiguration");

        assertThat(flink.path("external-resources").asText()).isEqualTo("gpu");
        assertThat(flink.path("external-resource.gpu.driver-factory.class").asText())
                .isEqualTo("org.apache.flink.externalresource.gpu.GPUDriverFactory");
        assertThat(flink.path("external-resource.gpu.kubernetes.config-key").asText())
                .isEqualTo("nvidia.com/gpu");
        JsonNode limits =
                mainContainer(gpuSpec.path("taskManager").path("podTemplate"))
                        .path("resources")
                        .path("limits");
        assertThat(limits.path("nvidia.com/gpu").asText())
                .isEqualTo(flink.path("external-resource.gpu.amount").asText());
        assertThat(gpuSpec.path("job").path("args").toString()).contains("slidr-gpu.yaml");

        for (ObjectNode deployment : List.of(cpu, gpu)) {
            ((ObjectNode) deployment.path("metadata")).remove("name");
            ObjectNode spec = (ObjectNode) deployment.path("spec");
            spec.remove("image");
            ((ObjectNode) spec.path("job")).remove("args");
            ((ObjectNode) spec.path("taskManager")).remove("podTemplate");
            Iterator<String> keys = spec.path("flinkConfiguration").fieldNames();
            List<String> gpuKeys = new ArrayList<>();
            keys.forEachRemaining(
                    k -> {
                        if (k.startsWith("external-resource")) {
                            gpuKeys.add(k);
                        }
                    });
            ((ObjectNode) spec.path("flinkConfiguration")).remove(gpuKeys);
        }
        assertThat(gpu).isEqualTo(cpu);
    }

    @Test
    void theMountedJobConfigurationsAreTheFlinkConfigsSlidrSettings() throws IOException {
        Map<String, String> file = slidrKeys(JobConfigFile.load(FLINK_CONFIG).toMap());
        JsonNode secret = documents(JOB_SECRETS).get(0);
        assertThat(secret.path("metadata").path("name").asText()).isEqualTo("slidr-job-config");
        JsonNode data = secret.path("stringData");

        for (String name : List.of("slidr.yaml", "slidr-gpu.yaml")) {
            Path copy = Files.writeString(tmp.resolve(name), data.path(name).asText());
            Configuration mounted = JobConfigFile.load(filled(copy));
            JobConfig job = JobConfig.fromConfiguration(mounted);
            KafkaConfig.fromConfiguration(job.applyTo(mounted));

            Map<String, String> expected = new TreeMap<>(file);
            if (name.equals("slidr-gpu.yaml")) {
                expected.put("slidr.scoring.provider", "CUDA");
                expected.put("slidr.scoring.cuda-device", "0");
            }
            Map<String, String> actual = slidrKeys(JobConfigFile.load(copy).toMap());
            assertThat(actual.remove("slidr.kafka.properties.sasl.jaas.config"))
                    .as("the SASL login, kept out of the config file")
                    .contains("ScramLoginModule");
            assertThat(actual).as(name).isEqualTo(expected);
        }
        for (Path job : List.of(CPU_JOB, GPU_JOB)) {
            String args = single(job).path("spec").path("job").path("args").toString();
            Matcher config = Pattern.compile("/etc/slidr/conf/([a-z-]+\\.yaml)").matcher(args);
            assertThat(config.find()).as(args).isTrue();
            assertThat(data.has(config.group(1))).as(config.group(1)).isTrue();
        }
    }

    @Test
    void theTopicsAreTheJobsAndTheBrokerAllowsItsTransactionTimeout() throws IOException {
        Configuration conf = JobConfigFile.load(FLINK_CONFIG);
        String script = Files.readString(TOPICS, StandardCharsets.UTF_8);
        Map<String, Integer> partitions = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^create_topic ([a-z-]+) (\\d+)").matcher(script);
        while (m.find()) {
            partitions.put("slidr." + m.group(1), Integer.parseInt(m.group(2)));
        }

        Set<String> topics = new HashSet<>();
        for (ConfigOption<String> topic :
                List.of(
                        KafkaOptions.CLICKS_TOPIC,
                        KafkaOptions.CONVERSIONS_TOPIC,
                        KafkaOptions.DECISIONS_TOPIC,
                        KafkaOptions.DEAD_LETTERS_TOPIC,
                        KafkaOptions.CONTROL_TOPIC,
                        KafkaOptions.CORRECTIONS_TOPIC)) {
            topics.add(conf.get(topic));
        }
        assertThat(partitions.keySet()).isEqualTo(topics);
        assertThat(partitions.get(conf.get(KafkaOptions.CONTROL_TOPIC)))
                .as("control commands keep one order")
                .isEqualTo(1);
        assertThat(script).contains("MIN_INSYNC_REPLICAS:-2").contains("REPLICATION_FACTOR:-3");
        assertThat(script).contains("message.timestamp.type=CreateTime");

        Properties broker = new Properties();
        try (var in = Files.newBufferedReader(BROKER, StandardCharsets.UTF_8)) {
            broker.load(in);
        }
        Duration maxTimeout =
                Duration.ofMillis(Long.parseLong(broker.getProperty("transaction.max.timeout.ms")));
        Duration timeout = conf.get(KafkaOptions.TRANSACTION_TIMEOUT);
        assertThat(timeout).isLessThanOrEqualTo(maxTimeout);
        assertThat(timeout)
                .as("an open transaction must outlive a checkpoint interval and a slow checkpoint")
                .isGreaterThan(
                        conf.get(JobOptions.CHECKPOINT_INTERVAL)
                                .plus(conf.get(JobOptions.CHECKPOINT_TIMEOUT)));
        assertThat(Integer.parseInt(broker.getProperty("transaction.state.log.min.isr")))
                .isGreaterThan(1);
    }

    private static JsonNode mainContainer(JsonNode podTemplate) {
        for (JsonNode container : podTemplate.path("spec").path("containers")) {
            if (container.path("name").asText().equals("flink-main-container")) {
                return container;
            }
        }
        throw new AssertionError("no flink-main-container in " + podTemplate);
    }

    private static JsonNode flinkConfiguration(Path deployment) throws IOException {
        return single(deployment).path("spec").path("flinkConfiguration");
    }

    private static JsonNode single(Path file) throws IOException {
        List<JsonNode> docs = documents(file);
        assertThat(docs).as(file.toString()).hasSize(1);
        return docs.get(0);
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
            return docs;
        }
    }

    /** A copy of {@code file} with its {@code <...>} placeholders filled, as a deployment would. */
    private Path filled(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path copy = tmp.resolve("filled-" + file.getFileName());
        Files.writeString(copy, text.replaceAll("<[a-z0-9 -]+>", "placeholder"));
        return copy;
    }

    private static Map<String, String> slidrKeys(Map<String, String> all) {
        Map<String, String> out = new TreeMap<>();
        all.forEach(
                (k, v) -> {
                    if (k.startsWith("slidr.")) {
                        out.put(k, v);
                    }
                });
        return out;
    }

    private static boolean isFlinkKey(String key, Set<String> known) {
        if (known.contains(key) || OPERATOR_OPTIONS.contains(key)) {
            return true;
        }
        // metrics.reporter.<name>.<option>: a reporter option, or one of the reporter's own
        Matcher reporter = Pattern.compile("metrics\\.reporter\\.[a-z]+\\.(.+)").matcher(key);
        if (reporter.matches()) {
            String option = reporter.group(1);
            // MetricOptions declares them by their suffix (factory.class, interval, ...)
            return known.contains(option) || option.equals("port");
        }
        // external-resource.<name>.<option>
        Matcher resource = Pattern.compile("external-resource\\.[a-z]+\\.(.+)").matcher(key);
        if (resource.matches()) {
            String option = resource.group(1);
            return option.equals("amount")
                    || option.equals("driver-factory.class")
                    || option.equals("kubernetes.config-key")
                    || option.startsWith("param.");
        }
        return false;
    }

    private static Set<String> flinkKeys() {
        Set<String> keys = new HashSet<>();
        for (Class<?> holder : FLINK_OPTIONS) {
            for (ConfigOption<?> option : JobConfigFile.optionsOf(holder)) {
                keys.add(option.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    keys.add(fallback.getKey());
                }
            }
        }
        return keys;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
