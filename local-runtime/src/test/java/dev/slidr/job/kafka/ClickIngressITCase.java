package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Valid and hostile records on a real broker, through the Kafka source, the parser, a pass-through
 * decision stage and both sinks: one decision per valid click, one dead letter per bad record.
 */
class ClickIngressITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = KafkaJobs.countingMiniCluster(2);

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaJobs.startKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    /** The reporter's counters are static: another class's job in this JVM may have left some. */
    @BeforeEach
    void forgetEarlierCounters() {
        TestingCounterReporter.clear();
    }

    /** One injected bad record and the reason its dead letter must carry. */
    private record Bad(String what, byte[] value, ReasonCode reason) {}

    @Test
    void decidesEveryValidClickOnceAndDeadLettersEveryBadRecordWithItsBytes() throws Exception {
        KafkaConfig config =
                KafkaJobs.configFor(kafka, "ingress", DeliveryMode.EXACTLY_ONCE).build();
        KafkaJobs.createTopics(kafka, config, 2);
        Topics topics = Topics.of(config.topicNames());
        String clicksTopic = topics.clicks().name();

        List<Click> valid = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            valid.add(
                    Clicks.builder("user-" + (i % 7), "198.51.100." + (i % 50), T0.plusSeconds(i))
                            .clickId("ingress-" + i)
                            .build());
        }
        String goodJson = new String(ContractJson.write(valid.get(0)), StandardCharsets.UTF_8);
        List<Bad> bad =
                List.of(
                        new Bad(
                                "malformed json",
                                utf8("{\"click_id\": \"x\","),
                                ReasonCode.MALFORMED_JSON),
                        new Bad(
                                "not utf-8",
                                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},
                                ReasonCode.NOT_UTF8),
                        new Bad(
                                "oversized for the contract (20 KiB)",
                                utf8(goodJson.replace("search-top", "p".repeat(20 * 1024))),
                                ReasonCode.OVERSIZED),
                        new Bad(
                                "oversized for the source (40 KiB)",
                                utf8("x".repeat(40 * 1024)),
                                ReasonCode.OVERSIZED),
                        new Bad(
                                "missing ip",
                                utf8(goodJson.replaceFirst("\"ip\":\"[^\"]*\",", "")),
                                ReasonCode.MISSING_FIELD),
                        new Bad(
                                "bad ip",
                                utf8(goodJson.replace("198.51.100.0", "300.1.2.3")),
                                ReasonCode.INVALID_IP),
                        new Bad("tombstone", null, ReasonCode.MALFORMED_JSON));

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            Click click = valid.get(i);
            records.add(
                    new ProducerRecord<>(
                            clicksTopic,
                            null,
                            click.ts(),
                            topics.clicks().keyOf(click),
                            topics.clicks().valueOf(click)));
            if (i % 5 == 2 && i / 5 < bad.size()) {
                Bad b = bad.get(i / 5);
                records.add(
                        new ProducerRecord<>(
                                clicksTopic, null, click.ts(), utf8("bad-" + i), b.value()));
            }
        }
        List<RecordMetadata> landed = KafkaJobs.produce(kafka, records);
        Map<String, Bad> badBySource = new HashMap<>();
        for (int i = 0, b = 0; i < records.size(); i++) {
            if (new String(records.get(i).key(), StandardCharsets.UTF_8).startsWith("bad-")) {
                RecordMetadata at = landed.get(i);
                badBySource.put(
                        at.topic() + "/" + at.partition() + "/" + at.offset(), bad.get(b++));
            }
        }
        assertThat(badBySource).hasSize(bad.size());

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
                        .map(new PassThroughDecision())
                        .returns(TypeInformation.of(Decision.class))
                        .uid("test-pass-through"),
                config);
        DeadLetterSink.attach(in.deadLetters(), config);
        env.execute("click ingress");

        List<ConsumerRecord<byte[], byte[]>> decisions =
                KafkaJobs.readCommitted(kafka, topics.decisions().name());
        assertThat(decisions).hasSize(valid.size());
        Map<String, Decision> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : decisions) {
            Decision decision = ContractJson.readDecision(record.value()).value();
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertThat(decision.clickId()).isEqualTo(key);
            assertThat(byKey.put(key, decision)).as("second decision for " + key).isNull();
        }
        for (Click click : valid) {
            assertThat(byKey.get(click.clickId()).eventTs()).isEqualTo(click.ts());
        }

        List<ConsumerRecord<byte[], byte[]>> letters =
                KafkaJobs.readCommitted(kafka, topics.deadLetters().name());
        assertThat(letters).hasSize(bad.size());
        for (ConsumerRecord<byte[], byte[]> record : letters) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            DeadLetter letter = ContractJson.readDeadLetter(record.value()).value();
            Bad expected = badBySource.remove(key);
            assertThat(expected).as("dead letter for an unknown source " + key).isNotNull();
            assertThat(letter.reason()).as(expected.what()).isEqualTo(expected.reason());
            assertThat(
                            letter.sourceTopic()
                                    + "/"
                                    + letter.sourcePartition()
                                    + "/"
                                    + letter.sourceOffset())
                    .isEqualTo(key);
            byte[] original = expected.value() == null ? new byte[0] : expected.value();
            assertThat(letter.originalLength()).as(expected.what()).isEqualTo(original.length);
            assertThat(letter.original())
                    .as(expected.what())
                    .isEqualTo(
                            Arrays.copyOf(
                                    original,
                                    Math.min(original.length, DeadLetter.MAX_ORIGINAL_BYTES)));
            assertThat(letter.message()).isNotBlank();
        }
        assertThat(badBySource).as("bad records without a dead letter").isEmpty();

        assertThat(TestingCounterReporter.total("ingress", "clicks_parsed"))
                .as(TestingCounterReporter.names())
                .isEqualTo(valid.size());
        assertThat(TestingCounterReporter.total("ingress", "tombstones")).isEqualTo(1);
        for (ReasonCode reason : ReasonCode.values()) {
            long expected = bad.stream().filter(b -> b.reason() == reason).count();
            // one counter per reason, in the group reason=<wire name>
            assertThat(
                            TestingCounterReporter.total(
                                    reason.wireName(), ClickParseFunction.DEAD_LETTERS_METRIC))
                    .as(reason.wireName())
                    .isEqualTo(expected);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
