package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Decision;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.job.FailOnceAfterCheckpoint;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failure in the middle of the stream, after a completed checkpoint: with EXACTLY_ONCE a
 * read_committed consumer sees every click id exactly once; with AT_LEAST_ONCE every id is there
 * and repeats are allowed. Dead letters follow the same guarantee.
 */
class ExactlyOnceITCase {

    private static final int CLICKS = 1500;
    private static final int FAIL_AFTER = 400;
    private static final int BAD_RECORDS = 15;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(KafkaJobs.flinkConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaJobs.startKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void armFailure() {
        FailOnceAfterCheckpoint.FAILED.set(false);
    }

    @Test
    void exactlyOnceWritesEachDecisionOnceAcrossARestart() throws Exception {
        List<String> ids = runWithFailure("eos", DeliveryMode.EXACTLY_ONCE);

        assertThat(ids).hasSize(CLICKS);
        assertThat(deadLetterSources).hasSize(BAD_RECORDS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expectedIds());
    }

    @Test
    void atLeastOnceWritesEveryDecisionAndMayRepeatSome() throws Exception {
        List<String> ids = runWithFailure("alo", DeliveryMode.AT_LEAST_ONCE);

        assertThat(ids).hasSizeGreaterThanOrEqualTo(CLICKS);
        assertThat(new HashSet<>(deadLetterSources)).hasSize(BAD_RECORDS);
        assertThat(new HashSet<>(ids)).isEqualTo(expectedIds());
        Map<String, Long> counts =
                ids.stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.println(
                "AT_LEAST_ONCE after one restart: "
                        + (ids.size() - CLICKS)
                        + " repeated decisions over "
                        + counts.values().stream().filter(n -> n > 1).count()
                        + " click ids");
    }

    /** The source coordinates of the dead letters the last run wrote, as read back. */
    private List<String> deadLetterSources;

    /**
     * Produces the clicks (and a bad record every 100), runs the job with one injected failure,
     * returns the decided ids.
     */
    private List<String> runWithFailure(String test, DeliveryMode delivery) throws Exception {
        KafkaConfig config = KafkaJobs.configFor(kafka, test, delivery).build();
        KafkaJobs.createTopics(kafka, config, 3);
        Topics topics = Topics.of(config.topicNames());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < CLICKS; i++) {
            Click click =
                    Clicks.builder("user-" + (i % 31), "198.51.100." + (i % 200), T0.plusMillis(i))
                            .clickId("click-" + i)
                            .build();
            records.add(
                    new ProducerRecord<>(
                            topics.clicks().name(),
                            null,
                            click.ts(),
                            topics.clicks().keyOf(click),
                            topics.clicks().valueOf(click)));
            if (i % 100 == 50) {
                records.add(
                        new ProducerRecord<>(
                                topics.clicks().name(),
                                null,
                                click.ts(),
                                null,
                                ("{\"click_id\": \"bad-" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        KafkaJobs.produce(kafka, records);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(KafkaJobs.flinkConfiguration());
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
        env.setParallelism(2);
        ClickIngress.Streams in =
                ClickIngress.apply(
                        env,
                        ClickIngress.sourceBuilder(config)
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        config,
                        ContractReader::defaults);
        DecisionSink.attach(
                in.clicks()
                        .map(new FailOnceAfterCheckpoint<Click>(FAIL_AFTER))
                        .returns(TypeInformation.of(Click.class))
                        .uid("test-fail-once")
                        .map(new PassThroughDecision())
                        .returns(TypeInformation.of(Decision.class))
                        .uid("test-pass-through"),
                config);
        DeadLetterSink.attach(in.deadLetters(), config);
        env.execute("exactly once " + delivery);

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaJobs.readCommitted(kafka, topics.decisions().name())) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertThat(ContractJson.readDecision(record.value()).value().clickId()).isEqualTo(key);
            ids.add(key);
        }
        deadLetterSources = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaJobs.readCommitted(kafka, topics.deadLetters().name())) {
            deadLetterSources.add(new String(record.key(), StandardCharsets.UTF_8));
        }
        return ids;
    }

    private static Set<String> expectedIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < CLICKS; i++) {
            ids.add("click-" + i);
        }
        return ids;
    }
}
