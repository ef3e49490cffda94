package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.job.kafka.DeliveryMode;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decisions topic read through a broker: committed records only, from the window's start less
 * the slack, malformed records as dead letters with their place, a missing topic and a silent
 * broker as one-line failures.
 */
class DecisionsTopicReaderITCase {

    private static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        // the records are stamped months ago: nothing may be deleted by time
        kafka = EmbeddedKafkaCluster.start(Map.of("log.retention.ms", "-1"));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    private static KafkaConfig config(String bootstrap, String decisions) {
        return KafkaConfig.builder()
                .bootstrapServers(bootstrap)
                .topicNames(
                        new Topics.Names(
                                "r.clicks", "r.conversions", decisions, "r.dead", "r.control"))
                .delivery(DeliveryMode.AT_LEAST_ONCE)
                .clientProperty("default.api.timeout.ms", "2000")
                .build();
    }

    private static byte[] decision(String clickId, Instant eventTs) {
        return ContractJson.write(
                Decision.givt(
                        clickId,
                        eventTs.toEpochMilli(),
                        eventTs.toEpochMilli(),
                        List.of("declared_robot"),
                        "desktop/logged_in"));
    }

    @Test
    void readsTheCommittedRecordsFromTheWindowLessTheSlackWithBadOnesAsDeadLetters()
            throws Exception {
        String topic = "reader-" + UUID.randomUUID().toString().substring(0, 8) + ".decisions";
        kafka.createTopic(topic, 2);
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "decisions-" + UUID.randomUUID());
        long stampedBeforeSlack =
                FROM.minus(DecisionsTopicReader.START_SLACK).minusSeconds(60).toEpochMilli();
        long stampedInWindow = FROM.plusSeconds(60).toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            // stamped before the window less the slack: the read starts after it
            producer.send(
                    new ProducerRecord<>(
                            topic, 0, stampedBeforeSlack, null, decision("early", FROM)));
            producer.send(
                    new ProducerRecord<>(topic, 0, stampedInWindow, null, decision("a", FROM)));
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            1,
                            stampedInWindow,
                            null,
                            "{not a decision".getBytes(StandardCharsets.UTF_8)));
            producer.send(
                    new ProducerRecord<>(topic, 1, stampedInWindow, null, decision("b", FROM)));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(
                    new ProducerRecord<>(
                            topic, 0, stampedInWindow, null, decision("aborted", FROM)));
            producer.flush();
            producer.abortTransaction();
        }
        List<Decision> decisions = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        List<long[]> progress = new ArrayList<>();
        ReplayListener listener =
                new ReplayListener() {
                    @Override
                    public void progress(long recordsRead, long total) {
                        progress.add(new long[] {recordsRead, total});
                    }
                };

        long records =
                new DecisionsTopicReader(config(kafka.bootstrapServers(), topic), listener)
                        .read(FROM, decisions::add, dead::add);

        assertThat(decisions).extracting(Decision::clickId).containsExactlyInAnyOrder("a", "b");
        assertThat(records).isEqualTo(3);
        assertThat(dead)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.sourceTopic()).isEqualTo(topic);
                            assertThat(d.sourcePartition()).isEqualTo(1);
                            assertThat(d.sourceOffset()).isZero();
                        });
        // the last report covers every offset between the starts and the ends, markers included
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).isEqualTo(last[1]).isGreaterThanOrEqualTo(records);
    }

    @Test
    void aMissingTopicIsNamed() {
        String topic = "reader-missing-" + UUID.randomUUID().toString().substring(0, 8);
        assertThatThrownBy(
                        () ->
                                new DecisionsTopicReader(
                                                config(kafka.bootstrapServers(), topic),
                                                ReplayListener.SILENT)
                                        .read(FROM, d -> {}, d -> {}))
                .isInstanceOf(DecisionsTopicReader.NoSuchTopicException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("slidr.kafka.topics.decisions");
    }

    @Test
    void theCorrectionsTopicIsReadByItsOwnNameAndNamedWhenMissing() throws Exception {
        String run = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(run + ".corrections", 1);
        KafkaConfig settings = config(kafka.bootstrapServers(), run + ".decisions");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(run + ".corrections", decision("c1", FROM))).get();
        }
        List<Decision> read = new ArrayList<>();

        DecisionsTopicReader corrections =
                DecisionsTopicReader.corrections(
                        settings, run + ".corrections", ReplayListener.SILENT);
        long records = corrections.read(FROM, read::add, d -> {});

        assertThat(corrections.topic()).isEqualTo(run + ".corrections");
        assertThat(records).isEqualTo(1);
        assertThat(read).extracting(Decision::clickId).containsExactly("c1");
        assertThatThrownBy(
                        () ->
                                DecisionsTopicReader.corrections(
                                                settings, run + ".none", ReplayListener.SILENT)
                                        .read(FROM, d -> {}, d -> {}))
                .isInstanceOf(DecisionsTopicReader.NoSuchTopicException.class)
                .hasMessageStartingWith("the corrections topic " + run + ".none does not exist")
                .hasMessageContaining("slidr.kafka.topics.corrections");
    }

    @Test
    void aCorrectionsTopicNoBrokerCouldHoldIsRefusedInOneLine() {
        for (String name : new String[] {"", "bad name", "..", "x".repeat(250), "a\nb"}) {
            Configuration conf = new Configuration();
            conf.set(KafkaOptions.CORRECTIONS_TOPIC, name);
            assertThatThrownBy(() -> DecisionsTopicReader.correctionsTopic(conf))
                    .as(name)
                    .isInstanceOf(ReplayException.class)
                    .hasMessageStartingWith("invalid slidr.kafka.topics.corrections: ");
        }
        assertThat(DecisionsTopicReader.correctionsTopic(new Configuration()))
                .isEqualTo("slidr.corrections");
    }

    @Test
    void aBrokerThatDoesNotAnswerEndsTheReadInOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String nobody = "127.0.0.1:" + port;
        assertThatThrownBy(
                        () ->
                                new DecisionsTopicReader(
                                                config(nobody, "r.decisions"),
                                                ReplayListener.SILENT)
                                        .read(FROM, d -> {}, d -> {}))
                .isInstanceOf(ReplayException.class)
                .hasMessageStartingWith("no Kafka broker answered at " + nobody)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
