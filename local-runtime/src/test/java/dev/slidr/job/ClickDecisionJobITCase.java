package dev.slidr.job;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaJobs;
import dev.slidr.job.kafka.RawRecord;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.rules.givt.DataCentreIpRanges;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wired job on a MiniCluster (RocksDB, incremental checkpoints, parallelism 2) against an
 * in-process broker, exactly-once, each test on its own topics: one decision per distinct valid
 * click, GIVT decisions for declared robots and data-centre IPs, one dead letter per bad record; no
 * click lost or repeated across a failure; counters that continue across a savepoint.
 */
class ClickDecisionJobITCase {

    private static final int PARALLELISM = 2;
    private static final String GOOGLEBOT =
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(
                                    LiveJobs.jobConfig(PARALLELISM).applyTo(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LiveJobs.startKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void decidesEachDistinctClickOnceWithGivtAndDeadLetters() throws Exception {
        KafkaConfig config = LiveJobs.kafkaConfig(kafka, "wired");
        Topics topics = Topics.of(config.topicNames());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> scoredIds = new HashSet<>();
        Map<String, GivtReason> givtIds = new HashMap<>();
        Map<String, ReasonCode> badRecords = new HashMap<>();
        int clicks = 2000;
        for (int i = 0; i < clicks; i++) {
            Click click = humanClick(i);
            records.add(LiveJobs.record(topics, click));
            scoredIds.add(click.clickId());
            if (i % 80 == 7) {
                // the same click again: deduped, never a second decision
                records.add(LiveJobs.record(topics, click));
            }
            if (i % 200 == 13) {
                String bad = "{\"click_id\": \"bad-" + i;
                records.add(raw(topics, click.ts(), bad));
                badRecords.put(bad, ReasonCode.MALFORMED_JSON);
            }
            if (i % 400 == 21) {
                String bad =
                        new String(ContractJson.write(click), StandardCharsets.UTF_8)
                                .replace(click.clickId(), "bad-ip-" + i)
                                .replace(click.ip(), "999.1.2.3");
                records.add(raw(topics, click.ts(), bad));
                badRecords.put(bad, ReasonCode.INVALID_IP);
            }
            if (i % 300 == 100) {
                Click bot =
                        Clicks.builder(
                                        "crawler-" + i,
                                        "198.51.100.250",
                                        java.time.Instant.ofEpochMilli(click.ts()))
                                .clickId("bot-" + i)
                                .userAgent(GOOGLEBOT)
                                .build();
                records.add(LiveJobs.record(topics, bot));
                records.add(LiveJobs.record(topics, bot));
                givtIds.put(bot.clickId(), GivtReason.DECLARED_ROBOT);
            }
            if (i % 500 == 250) {
                Click dc =
                        Clicks.builder(
                                        "dc-user-" + i,
                                        "203.0.113.9",
                                        java.time.Instant.ofEpochMilli(click.ts()))
                                .clickId("dc-" + i)
                                .build();
                records.add(LiveJobs.record(topics, dc));
                givtIds.put(dc.clickId(), GivtReason.DATA_CENTRE_IP);
            }
        }
        LiveJobs.produce(kafka, records);

        StreamExecutionEnvironment env = environment(new Configuration());
        job(config, boundedSource(config)).build(env);
        env.execute("wired job");

        List<Decision> decisions = decisions(config);
        Map<String, Decision> byId =
                decisions.stream()
                        .collect(Collectors.toMap(Decision::clickId, d -> d, (a, b) -> a));
        assertThat(decisions).as("one decision per distinct click id").hasSize(byId.size());
        Set<String> expected = new HashSet<>(scoredIds);
        expected.addAll(givtIds.keySet());
        assertThat(byId.keySet()).isEqualTo(expected);
        for (String id : scoredIds) {
            Decision d = byId.get(id);
            assertThat(d.stage()).as(id).isIn(Decision.Stage.NONE, Decision.Stage.SIVT);
            assertThat(d.modelVersion()).isEqualTo(TestingModels.MODEL_VERSION);
            assertThat(d.featureCount()).isEqualTo(FeatureSchema.CURRENT.names().size());
            assertThat(d.feature(FeatureSchema.USER_CLICKS_24H)).isGreaterThanOrEqualTo(1f);
        }
        givtIds.forEach(
                (id, reason) -> {
                    Decision d = byId.get(id);
                    assertThat(d.stage()).as(id).isEqualTo(Decision.Stage.GIVT);
                    assertThat(d.invalid()).isTrue();
                    assertThat(d.reasons()).containsExactly(reason.code());
                    assertThat(d.scored()).isFalse();
                });

        List<DeadLetter> letters = deadLetters(config);
        assertThat(letters).hasSize(badRecords.size());
        for (DeadLetter letter : letters) {
            String original = new String(letter.original(), StandardCharsets.UTF_8);
            assertThat(letter.reason()).as(original).isEqualTo(badRecords.get(original));
            assertThat(letter.sourceTopic()).isEqualTo(topics.clicks().name());
        }
    }

    @Test
    void recoversFromAFailureWithoutLosingOrRepeatingAClick(@TempDir Path changelog)
            throws Exception {
        KafkaConfig config = LiveJobs.kafkaConfig(kafka, "failover");
        Topics topics = Topics.of(config.topicNames());
        int clicks = 1200;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < clicks; i++) {
            records.add(LiveJobs.record(topics, humanClick(i)));
        }
        LiveJobs.produce(kafka, records);
        FailOnceAfterCheckpoint.FAILED.set(false);

        // the deployed state backend (deploy/flink/config.yaml): the changelog on RocksDB, here
        // materialized every second, so the restore loads a materialization and replays the log
        Configuration deployed = new Configuration();
        deployed.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
        deployed.set(
                StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, JobConfig.CHANGELOG_FILE_STORAGE);
        deployed.set(JobConfig.CHANGELOG_BASE_PATH, changelog.toUri().toString());
        deployed.set(
                StateChangelogOptions.PERIODIC_MATERIALIZATION_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = environment(deployed);
        ClickDecisionJob.Streams streams = job(config, boundedSource(config)).pipeline(env);
        streams.decisions()
                .map(new FailOnceAfterCheckpoint<Decision>(300))
                .returns(DecisionSerializer.TYPE_INFO)
                .uid("test-fail-once")
                .sinkTo(DecisionSink.create(config))
                .uid(DecisionSink.UID);
        streams.deadLetters().sinkTo(DeadLetterSink.create(config)).uid(DeadLetterSink.UID);
        env.execute("wired job with a failure");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        List<String> ids = decisions(config).stream().map(Decision::clickId).toList();
        assertThat(ids).hasSize(clicks).doesNotHaveDuplicates();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < clicks; i++) {
            expected.add(humanClick(i).clickId());
        }
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
    }

    @Test
    void countersContinueAfterAStopWithSavepoint(@TempDir Path savepoints) throws Exception {
        KafkaConfig config = LiveJobs.kafkaConfig(kafka, "savepoint");
        Topics topics = Topics.of(config.topicNames());
        int before = 40;
        int after = 25;
        LiveJobs.produce(kafka, steadyUserClicks(topics, 0, before));

        StreamExecutionEnvironment first = environment(new Configuration());
        job(config, ClickIngress.sourceBuilder(config).build()).build(first);
        JobClient running = first.executeAsync("wired job, first run");
        LiveJobs.awaitCommitted(
                kafka, config.topicNames().decisions(), before, Duration.ofSeconds(40));
        String savepoint =
                running.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();

        LiveJobs.produce(kafka, steadyUserClicks(topics, before, after));
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment second = environment(restore);
        job(config, ClickIngress.sourceBuilder(config).build()).build(second);
        JobClient resumed = second.executeAsync("wired job, restored");
        try {
            LiveJobs.awaitCommitted(
                    kafka, config.topicNames().decisions(), before + after, Duration.ofSeconds(40));
        } finally {
            KafkaJobs.cancelAndAwait(resumed);
        }

        List<Decision> decisions =
                decisions(config).stream()
                        .sorted(Comparator.comparingLong(Decision::eventTs))
                        .toList();
        assertThat(decisions).hasSize(before + after);
        assertThat(decisions.stream().map(Decision::clickId)).doesNotHaveDuplicates();
        // ranges, not exact counts (exact ones: DedupeStateUpgradeITCase); every click after the
        // stop must count all clicks before it
        for (Decision d : decisions) {
            int n = Integer.parseInt(d.clickId().substring("steady-".length()));
            float clicks24h = d.feature(FeatureSchema.USER_CLICKS_24H);
            if (n < before) {
                assertThat(clicks24h).as(d.clickId()).isBetween(1f, (float) before);
            } else {
                assertThat(clicks24h)
                        .as("%s, after the restore from the savepoint", d.clickId())
                        .isBetween(before + 1f, (float) (before + after));
            }
        }
    }

    /** One user's clicks a minute apart, numbered from {@code from}. */
    private static List<ProducerRecord<byte[], byte[]>> steadyUserClicks(
            Topics topics, int from, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Click click =
                    Clicks.builder("steady", "198.51.100.77", T0.plus(Duration.ofMinutes(i)))
                            .clickId("steady-" + i)
                            .build();
            records.add(LiveJobs.record(topics, click));
        }
        return records;
    }

    private static Click humanClick(int i) {
        return Clicks.builder(
                        "user-" + (i % 53), "198.51.100." + (i % 200), T0.plusMillis(500L * i))
                .clickId("click-" + i)
                .build();
    }

    private static ProducerRecord<byte[], byte[]> raw(Topics topics, long ts, String value) {
        return new ProducerRecord<>(
                topics.clicks().name(), null, ts, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static StreamExecutionEnvironment environment(Configuration extra) {
        Configuration conf = LiveJobs.jobConfig(PARALLELISM).applyTo(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
        return env;
    }

    private static Source<RawRecord, ?, ?> boundedSource(KafkaConfig config) {
        return ClickIngress.sourceBuilder(config).setBounded(OffsetsInitializer.latest()).build();
    }

    private static ClickDecisionJob job(KafkaConfig config, Source<RawRecord, ?, ?> source) {
        return new ClickDecisionJob(
                source,
                ClickIngress.watermarks(config),
                DecisionSink.create(config),
                DeadLetterSink.create(config),
                GivtConfig.builder()
                        .dataCentreRanges(DataCentreIpRanges.parse(List.of("203.0.113.0/24")))
                        .build(),
                TestingKeys.privacyA(),
                ModelSource.fixed(TestingModels.model()),
                Slicing.DEVICE_AND_LOGIN,
                new Configuration());
    }

    private static List<Decision> decisions(KafkaConfig config) {
        List<Decision> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                LiveJobs.readCommitted(kafka, config.topicNames().decisions())) {
            Decision decision = ContractJson.readDecision(record.value()).value();
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(decision.clickId());
            out.add(decision);
        }
        return out;
    }

    private static List<DeadLetter> deadLetters(KafkaConfig config) {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                LiveJobs.readCommitted(kafka, config.topicNames().deadLetters())) {
            out.add(ContractJson.readDeadLetter(record.value()).value());
        }
        return out;
    }
}
