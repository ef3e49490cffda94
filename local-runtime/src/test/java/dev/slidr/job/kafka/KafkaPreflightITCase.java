package dev.slidr.job.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.job.kafka.KafkaPreflight.KafkaUnavailableException;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The check {@code slidr run} makes before it submits the job, against a real broker. */
class KafkaPreflightITCase {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    private static KafkaConfig config(String servers, String run) {
        return KafkaConfig.builder()
                .bootstrapServers(servers)
                .topicNames(
                        new Topics.Names(
                                run + ".clicks",
                                run + ".conversions",
                                run + ".decisions",
                                run + ".dead-letters",
                                run + ".control"))
                .delivery(DeliveryMode.AT_LEAST_ONCE)
                .build();
    }

    @Test
    void passesWhenTheBrokersAnswerAndTheJobsTopicsExist() throws Exception {
        kafka.createTopic("ready.clicks", 1);
        kafka.createTopic("ready.decisions", 1);
        kafka.createTopic("ready.dead-letters", 1);
        kafka.createTopic("ready.control", 1);
        kafka.createTopic("ready.conversions", 1);

        assertThatCode(
                        () ->
                                KafkaPreflight.check(
                                        config(kafka.bootstrapServers(), "ready"),
                                        Duration.ofSeconds(10)))
                .doesNotThrowAnyException();
    }

    @Test
    void namesEveryMissingTopicWithTheKeyThatNamesIt() throws Exception {
        kafka.createTopic("partial.clicks", 1);

        assertThatThrownBy(
                        () ->
                                KafkaPreflight.check(
                                        config(kafka.bootstrapServers(), "partial"),
                                        Duration.ofSeconds(10)))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessageContaining("Kafka at " + kafka.bootstrapServers())
                .hasMessageContaining(
                        "has no topic partial.decisions (slidr.kafka.topics.decisions),"
                                + " partial.dead-letters (slidr.kafka.topics.dead-letters)")
                .hasMessageNotContaining("partial.clicks");
    }

    @Test
    void failsWithinItsDeadlineWhenNoBrokerListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String servers = "127.0.0.1:" + closedPort;

        assertThatThrownBy(
                        () -> KafkaPreflight.check(config(servers, "none"), Duration.ofSeconds(2)))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessage(
                        "no Kafka broker answered at "
                                + servers
                                + " within 2.0 s (slidr.kafka.bootstrap-servers; TLS/SASL"
                                + " settings under slidr.kafka.properties.*)");
    }
}
