package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.job.kafka.DeliveryMode;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.InProcessKafka;
import dev.slidr.local.testing.TestingCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay's read of the clicks topic (where a window stops) against a broker that only speaks
 * SASL_SSL, with the job's {@code slidr.kafka.properties.*}: the same client settings reach it, and
 * a wrong password is refused rather than waited on.
 */
class SaslSslTopicReadITCase {

    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    private static final String USER = "slidr-replay";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static final String CLICKS = "secure-replay.clicks";

    @TempDir static Path dir;
    private static InProcessKafka.SaslSsl security;
    private static InProcessKafka kafka;

    @BeforeAll
    static void startSecureBrokerWithTenClicks() throws Exception {
        TestingCertificates.Stores tls = TestingCertificates.write(dir, STORE_PASSWORD);
        security =
                new InProcessKafka.SaslSsl(
                        tls.keyStore(), tls.trustStore(), STORE_PASSWORD, USER, PASSWORD);
        kafka = InProcessKafka.startSaslSsl(security);
        kafka.createTopics(List.of(new NewTopic(CLICKS, 1, (short) 1)));
        Properties p = kafka.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 1; i <= 10; i++) {
                producer.send(
                                new ProducerRecord<>(
                                        CLICKS,
                                        0,
                                        i * 1000L,
                                        null,
                                        ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaConfig config(String password) {
        KafkaConfig.Builder b =
                KafkaConfig.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicNames(
                                new Topics.Names(
                                        CLICKS,
                                        "secure-replay.conversions",
                                        "secure-replay.decisions",
                                        "secure-replay.dead-letters",
                                        "secure-replay.control"))
                        .delivery(DeliveryMode.AT_LEAST_ONCE);
        InProcessKafka.saslSslClientSettings(security, password).forEach(b::clientProperty);
        return b.build();
    }

    @Test
    void theWindowsStopIsFoundOverSaslSsl() {
        Map<TopicPartition, Long> stops = TopicStopOffsets.find(config(PASSWORD), 5_500L);

        assertThat(stops).containsExactly(Map.entry(new TopicPartition(CLICKS, 0), 5L));
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheLoginSetting() {
        assertThatThrownBy(() -> TopicStopOffsets.find(config("not-" + PASSWORD), 5_500L))
                .isInstanceOf(ReplayException.class)
                .hasCauseInstanceOf(SaslAuthenticationException.class)
                .hasMessageStartingWith(
                        "Kafka at " + kafka.bootstrapServers() + ": authentication failed (")
                .hasMessageContaining("slidr.kafka.properties.sasl.jaas.config")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
