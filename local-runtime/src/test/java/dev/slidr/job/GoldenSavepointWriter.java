package dev.slidr.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Click;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.BillingReader;
import dev.slidr.local.cluster.LocalFlinkCluster;
import dev.slidr.local.cluster.ReplicatedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Takes the golden savepoint with the job jar of an earlier release: starts a Flink cluster of
 * processes ({@link LocalFlinkCluster}) and three brokers, submits that jar with its own main class
 * ({@code flink run JOB_JAR --config FILE --model-dir DIR}), sends {@link GoldenSavepoint#CLICKS}
 * clicks, waits until every one is decided (committed) and a checkpoint more has completed (so no
 * transaction is pending in the savepoint), and stops the job with a savepoint into {@code OUT}.
 *
 * <pre>
 * java -cp TEST_CLASSPATH dev.slidr.job.GoldenSavepointWriter OLD_JOB_JAR CLUSTER_CLASSPATH_FILE \
 *     deploy/flink/config.yaml WORK OUT
 * </pre>
 */
public final class GoldenSavepointWriter {

    private GoldenSavepointWriter() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: OLD_JOB_JAR CLUSTER_CLASSPATH_FILE FLINK_CONFIG WORK OUT");
        }
        Path jobJar = Path.of(args[0]).toAbsolutePath();
        String classpath = Files.readString(Path.of(args[1])).strip();
        Path flinkConfig = Path.of(args[2]);
        Path work = Path.of(args[3]).toAbsolutePath();
        Path out = Path.of(args[4]).toAbsolutePath();
        Files.createDirectories(work);
        Path modelDir = TestingModels.writeModelDirectory(work.resolve("model"));
        Map<String, String> flinkSettings = new LinkedHashMap<>();
        JobConfigFile.load(flinkConfig)
                .toMap()
                .forEach(
                        (k, v) -> {
                            if (!k.startsWith(JobConfigFile.PREFIX)) {
                                flinkSettings.put(k, v);
                            }
                        });
        flinkSettings.put("taskmanager.memory.process.size", "1280m");
        flinkSettings.put("jobmanager.memory.process.size", "1g");
        flinkSettings.put("metrics.reporter.prom.port", "9850-9899");
        try (ReplicatedKafka kafka = ReplicatedKafka.start()) {
            kafka.createTopics(GoldenSavepoint.PARTITIONS);
            Map<String, String> settings =
                    GoldenSavepoint.jobSettings(
                            flinkConfig,
                            kafka.bootstrapServers(),
                            work.resolve("checkpoints"),
                            GoldenSavepoint.PARALLELISM);
            Path yaml = work.resolve("conf-job/slidr.yaml");
            Files.createDirectories(yaml.getParent());
            StringBuilder text = new StringBuilder();
            ObjectMapper json = new ObjectMapper();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                text.append(e.getKey())
                        .append(": ")
                        .append(json.writeValueAsString(e.getValue()))
                        .append('\n');
            }
            Files.writeString(yaml, text);
            try (LocalFlinkCluster flink =
                    LocalFlinkCluster.start(work.resolve("flink"), classpath, flinkSettings, 1)) {
                String job =
                        flink.submit(
                                LocalFlinkCluster.Submission.of(
                                        jobJar,
                                        "--config",
                                        yaml.toString(),
                                        "--model-dir",
                                        modelDir.toString()),
                                Map.of());
                System.err.println("golden: job " + job + " submitted");
                Topics topics = Topics.of(KafkaConfigNames.of(settings));
                try (KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                kafka.clientProperties(),
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
                    for (int i = 0; i < GoldenSavepoint.CLICKS; i++) {
                        Click click = GoldenSavepoint.click(i);
                        producer.send(
                                new ProducerRecord<>(
                                        topics.clicks().name(),
                                        null,
                                        click.ts(),
                                        topics.clicks().keyOf(click),
                                        topics.clicks().valueOf(click)));
                    }
                    producer.flush();
                }
                awaitDecisions(kafka, topics.decisions().name(), GoldenSavepoint.CLICKS);
                long decided = System.currentTimeMillis();
                while (flink.job(job).orElseThrow().latestCheckpointTriggeredAt() <= decided) {
                    Thread.sleep(200);
                }
                Path savepoint = flink.stopWithSavepoint(job, out, Duration.ofMinutes(2));
                System.err.println("golden: savepoint " + savepoint);
            }
        }
    }

    private static void awaitDecisions(ReplicatedKafka kafka, String topic, int count)
            throws InterruptedException {
        Set<String> decided = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(kafka.clientProperties(), "golden-", List.of(topic))) {
            while (decided.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            decided.size() + " of " + count + " clicks decided in 3 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    decided.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        System.err.println("golden: " + decided.size() + " clicks decided");
    }

    /** The topic names of the job settings. */
    private static final class KafkaConfigNames {
        static Topics.Names of(Map<String, String> settings) {
            return new Topics.Names(
                    settings.get(dev.slidr.job.kafka.KafkaOptions.CLICKS_TOPIC.key()),
                    settings.get(dev.slidr.job.kafka.KafkaOptions.CONVERSIONS_TOPIC.key()),
                    settings.get(dev.slidr.job.kafka.KafkaOptions.DECISIONS_TOPIC.key()),
                    settings.get(dev.slidr.job.kafka.KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                    settings.get(dev.slidr.job.kafka.KafkaOptions.CONTROL_TOPIC.key()));
        }
    }
}
