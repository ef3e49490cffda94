package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.flink.FeatureStateOptions;
import dev.slidr.job.kafka.KafkaJobs;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.rules.givt.GivtOptions;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden savepoint (taken by the job jar of commit {@value GoldenSavepoint#COMMIT}, before the
 * cluster work of issue 13; see src/test/resources/golden/README.md) restores into today's job on a
 * MiniCluster (RocksDB) at another parallelism, 2 → 3, without {@code allowNonRestoredState}: the
 * Kafka source resumes after the clicks the old job decided (the topics are filled again with the
 * same records, so the savepoint's offsets point where they pointed), the per-user dedupe state
 * still knows the old click ids, and the user and IP counters continue: a user with N clicks before
 * has N + 1 clicks in the 24-hour window at its next click. The new job runs the deployed state
 * backend, the changelog on RocksDB, which the savepoint's job did not.
 */
class GoldenSavepointRestoreITCase {

    private static final int PARALLELISM = 3;
    private static final int NEW_USERS = 5;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    @TempDir Path dir;

    @Test
    void countersContinueAndEveryNewClickIsDecidedOnceAfterRestoringTheGoldenSavepoint()
            throws Exception {
        try (EmbeddedKafkaCluster kafka =
                EmbeddedKafkaCluster.start(Map.of("log.retention.ms", "-1"))) {
            for (Map.Entry<String, Integer> topic : GoldenSavepoint.PARTITIONS.entrySet()) {
                kafka.createTopic(topic.getKey(), topic.getValue());
            }
            Map<String, String> settings =
                    GoldenSavepoint.jobSettings(
                            Path.of(System.getProperty("slidr.flink.config")),
                            kafka.bootstrapServers(),
                            dir.resolve("checkpoints"),
                            PARALLELISM);
            Topics topics =
                    Topics.of(
                            new Topics.Names(
                                    settings.get(KafkaOptions.CLICKS_TOPIC.key()),
                                    settings.get(KafkaOptions.CONVERSIONS_TOPIC.key()),
                                    settings.get(KafkaOptions.DECISIONS_TOPIC.key()),
                                    settings.get(KafkaOptions.DEAD_LETTERS_TOPIC.key()),
                                    settings.get(KafkaOptions.CONTROL_TOPIC.key())));
            long after = GoldenSavepoint.START.toEpochMilli() + GoldenSavepoint.CLICKS * 2_000L;
            List<Click> clicks = new ArrayList<>();
            // the clicks the old job decided, in the order it read them: the same offsets again
            for (int i = 0; i < GoldenSavepoint.CLICKS; i++) {
                clicks.add(GoldenSavepoint.click(i));
            }
            Set<String> expected = new HashSet<>();
            for (int user = 0; user < GoldenSavepoint.USERS + NEW_USERS; user++) {
                Click next = GoldenSavepoint.click("after-" + user, user, after + user * 1_000L);
                clicks.add(next);
                expected.add(next.clickId());
            }
            // a repeat of a click decided before the savepoint: the restored dedupe state drops it
            clicks.add(GoldenSavepoint.click(GoldenSavepoint.CLICKS - 1));
            produce(kafka, topics, clicks);

            // The savepoint is a file of a fixed day, and the deployed processing-time TTLs (24 h
            // on the remembered click ids, 25 h on the counters) measure its state's age by the
            // wall clock: a day after it was taken they would expire every id and counter in it,
            // and this test would check that the TTLs work, not that the state restores. A TTL's
            // length is read from the running job, not from the savepoint (operations.md,
            // "Restoring a savepoint older than a day"), so this job keeps the state for a century.
            settings.put(GivtOptions.DEDUPE_STATE_TTL.key(), "36500 d");
            settings.put(FeatureStateOptions.STATE_TTL.key(), "36500 d");
            Configuration conf = new Configuration();
            settings.forEach(conf::setString);
            // the deployed state backend: the changelog on RocksDB (deploy/flink/config.yaml), its
            // log beside this run's checkpoints; the savepoint was taken without it
            Configuration file =
                    JobConfigFile.load(Path.of(System.getProperty("slidr.flink.config")));
            file.toMap()
                    .forEach(
                            (key, value) -> {
                                if (key.startsWith("state.changelog.")
                                        && !key.equals(JobConfig.CHANGELOG_BASE_PATH.key())) {
                                    conf.setString(key, value);
                                }
                            });
            assertThat(conf.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                    .as("deploy/flink/config.yaml switches the changelog on")
                    .isTrue();
            conf.setString("pipeline.max-parallelism", "128");
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint().toUri().toString());
            StreamExecutionEnvironment env =
                    ClickDecisionJob.plan(
                            conf, TestingModels.writeModelDirectory(dir.resolve("model")));
            JobClient job = env.executeAsync("today's job from the golden savepoint");
            List<ConsumerRecord<byte[], byte[]>> records;
            try {
                records =
                        LiveJobs.awaitCommitted(
                                kafka,
                                topics.decisions().name(),
                                expected.size(),
                                Duration.ofSeconds(90));
                // a few checkpoints more: a repeated or re-read click would be decided by now
                Thread.sleep(3_000);
                records = LiveJobs.readCommitted(kafka, topics.decisions().name());
            } finally {
                KafkaJobs.cancelAndAwait(job);
            }

            Map<String, Decision> byId = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Parsed<Decision> parsed = ContractJson.readDecision(r.value());
                assertThat(parsed).isInstanceOf(Parsed.Ok.class);
                Decision d = ((Parsed.Ok<Decision>) parsed).value();
                assertThat(byId.put(d.clickId(), d)).as("decided once: " + d.clickId()).isNull();
            }
            assertThat(byId.keySet())
                    .as("only the new clicks: the source resumed at the savepoint's offsets")
                    .isEqualTo(expected);
            int perUser = GoldenSavepoint.CLICKS / GoldenSavepoint.USERS;
            for (int user = 0; user < GoldenSavepoint.USERS + NEW_USERS; user++) {
                Decision d = byId.get("after-" + user);
                float before = user < GoldenSavepoint.USERS ? perUser : 0;
                assertThat(d.features()).as(d.clickId() + " was scored").isNotEmpty();
                assertThat(d.feature(FeatureSchema.USER_CLICKS_24H))
                        .as(d.clickId() + ": the user's clicks before the savepoint count")
                        .isEqualTo(before + 1);
                assertThat(d.feature(FeatureSchema.IP_CLICKS_24H))
                        .as(d.clickId() + ": the IP's clicks before the savepoint count")
                        .isEqualTo(before + 1);
            }
        }
    }

    private static Path savepoint() throws URISyntaxException {
        Path path =
                Path.of(
                        GoldenSavepointRestoreITCase.class
                                .getResource(GoldenSavepoint.RESOURCE)
                                .toURI());
        assertThat(Files.isRegularFile(path.resolve("_metadata"))).isTrue();
        return path;
    }

    private static void produce(EmbeddedKafkaCluster kafka, Topics topics, List<Click> clicks)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (Click click : clicks) {
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
    }
}
