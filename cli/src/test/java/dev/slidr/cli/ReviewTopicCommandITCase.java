package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Decisions;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slidr review --decisions-topic} against a broker: a window of the topic gives the queue
 * and exits 0; a topic the settings name but the broker lacks exits 2 with one line naming it; the
 * corrections topic revises the queue, and one the broker lacks is said, not fatal.
 */
class ReviewTopicCommandITCase {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

    private static EmbeddedKafkaCluster kafka;

    @TempDir Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaCluster.start(Map.of("log.retention.ms", "-1"));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    private Path config(String decisionsTopic) throws Exception {
        return config(decisionsTopic, decisionsTopic + ".corrections");
    }

    private Path config(String decisionsTopic, String correctionsTopic) throws Exception {
        return Files.writeString(
                tmp.resolve("slidr.yaml"),
                "slidr.privacy.hmac.secret: "
                        + SECRET
                        + "\nslidr.kafka.bootstrap-servers: "
                        + kafka.bootstrapServers()
                        + "\nslidr.kafka.topics.decisions: "
                        + decisionsTopic
                        + "\nslidr.kafka.topics.corrections: "
                        + correctionsTopic
                        + "\n");
    }

    private static void send(String topic, Decision d) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, ContractJson.write(d))).get();
        }
    }

    private static Decision scored(double score, int revision) {
        return Decisions.scored(
                "c1",
                T0.toEpochMilli(),
                score,
                FeatureSchema.CURRENT.version(),
                new float[FeatureSchema.CURRENT.size()],
                revision);
    }

    private Path clicks() throws Exception {
        Click c =
                new Click(
                        "c1",
                        T0.toEpochMilli(),
                        "user-1",
                        "session-1",
                        "10.0.0.1",
                        "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0",
                        Device.DESKTOP,
                        true,
                        "ad-1",
                        "adv-1",
                        "search-top");
        return Files.write(
                tmp.resolve("clicks.jsonl"),
                List.of(new String(ContractJson.write(c), StandardCharsets.UTF_8)));
    }

    private CommandRun review(Path config, Path clicks, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "review",
                                "--decisions-topic",
                                "--from",
                                T0.toString(),
                                "--to",
                                T0.plusSeconds(3600).toString(),
                                "--clicks",
                                clicks.toString(),
                                "--config",
                                config.toString()));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void aWindowOfTheTopicGivesTheQueue() throws Exception {
        String topic = "review-cli-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
        Decision d =
                Decision.givt(
                        "c1",
                        T0.toEpochMilli(),
                        T0.toEpochMilli(),
                        List.of("declared_robot"),
                        "desktop/logged_in");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, ContractJson.write(d))).get();
        }

        Path json = tmp.resolve("queue.json");
        CommandRun r = review(config(topic), clicks(), "--json", json.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 decisions (0 scored), 1 joined").contains("u.k1.");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("decisions_topic").get("topic").asText()).isEqualTo(topic);
        assertThat(root.get("window").get("from").asText()).isEqualTo(T0.toString());
        assertThat(root.get("decision_records").asLong()).isEqualTo(1);
        assertThat(root.has("decisions_file")).isFalse();
    }

    @Test
    void aCorrectionInTheCorrectionsTopicChangesTheQueueAndNoCorrectionsLeavesItOut()
            throws Exception {
        String topic = "review-cli-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
        kafka.createTopic(topic + ".corrections", 1);
        send(topic, scored(0.2, 0));
        send(topic + ".corrections", scored(0.9, 1));
        Path config = config(topic);
        Path json = tmp.resolve("queue.json");

        CommandRun corrected = review(config, clicks(), "--json", json.toString());
        CommandRun alone = review(config, clicks(), "--no-corrections");

        assertThat(corrected.exitCode()).as(corrected.err()).isZero();
        assertThat(corrected.out())
                .contains(
                        "1 correction records read from "
                                + topic
                                + ".corrections, 1 clicks changed by a correction")
                .contains("    0.90 ");
        JsonNode c = new ObjectMapper().readTree(json.toFile()).get("corrections_topic");
        assertThat(c.get("topic").asText()).isEqualTo(topic + ".corrections");
        assertThat(c.get("found").asBoolean()).isTrue();
        assertThat(c.get("correction_records").asLong()).isEqualTo(1);
        assertThat(c.get("corrections_applied").asLong()).isEqualTo(1);
        assertThat(alone.exitCode()).as(alone.err()).isZero();
        assertThat(alone.out()).doesNotContain("correction").contains("    0.20 ");
    }

    @Test
    void aCorrectionsTopicTheBrokerLacksIsSaidAndTheQueueIsOfTheDecisions() throws Exception {
        String topic = "review-cli-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
        send(topic, scored(0.7, 0));
        Path json = tmp.resolve("queue.json");
        Path html = tmp.resolve("queue.html");

        CommandRun r =
                review(
                        config(topic, topic + ".never-replayed"),
                        clicks(),
                        "--json",
                        json.toString(),
                        "--html",
                        html.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("no corrections topic " + topic + ".never-replayed: decisions only")
                .contains("1 decisions (1 scored), 1 joined");
        assertThat(r.err()).doesNotContain("Exception");
        JsonNode c = new ObjectMapper().readTree(json.toFile()).get("corrections_topic");
        assertThat(c.get("topic").asText()).isEqualTo(topic + ".never-replayed");
        assertThat(c.get("found").asBoolean()).isFalse();
        assertThat(Files.readString(html))
                .contains("no corrections topic " + topic + ".never-replayed: decisions only");
    }

    @Test
    void aTopicTheBrokerLacksIsABadOptionNamingIt() throws Exception {
        String topic = "review-cli-missing-" + UUID.randomUUID().toString().substring(0, 8);

        CommandRun r = review(config(topic), clicks());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElse(""))
                .contains("review: error: --config")
                .contains(topic)
                .contains("does not exist");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }
}
