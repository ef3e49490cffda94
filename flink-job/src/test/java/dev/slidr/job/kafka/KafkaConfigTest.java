package dev.slidr.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Building, validating and handing out the Kafka settings. */
class KafkaConfigTest {

    private static Configuration minimal() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "broker-1:9093,broker-2:9093");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        return conf;
    }

    @Test
    void passesSecuritySettingsToEveryClientAndReadsCommittedOnly() {
        Configuration conf = minimal();
        conf.setString("slidr.kafka.properties.security.protocol", "SASL_SSL");
        conf.setString("slidr.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        conf.setString("slidr.kafka.properties.ssl.truststore.location", "/etc/kafka/ts.p12");

        KafkaConfig config = KafkaConfig.fromConfiguration(conf);

        Properties consumer = config.consumerProperties();
        Properties producer = config.producerProperties();
        for (Properties p : new Properties[] {consumer, producer}) {
            assertThat(p)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ts.p12")
                    .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093");
        }
        assertThat(consumer)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("group.id", "slidr-job");
        assertThat(producer).containsEntry("transaction.timeout.ms", "600000");
    }

    @Test
    void readsTopicNamesAndModesFromOptions() {
        Configuration conf = minimal();
        conf.set(KafkaOptions.CLICKS_TOPIC, "prod.clicks");
        conf.set(KafkaOptions.DECISIONS_TOPIC, "prod.decisions");
        conf.set(KafkaOptions.DELIVERY_GUARANTEE, DeliveryMode.AT_LEAST_ONCE);
        conf.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.LATEST);

        KafkaConfig config = KafkaConfig.fromConfiguration(conf);

        assertThat(config.topicNames().clicks()).isEqualTo("prod.clicks");
        assertThat(Topics.of(config.topicNames()).decisions().name()).isEqualTo("prod.decisions");
        assertThat(config.delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
        assertThat(config.startingOffsets()).isEqualTo(StartingOffsets.LATEST);
        assertThat(config.producerProperties()).doesNotContainKey("transaction.timeout.ms");
    }

    @Test
    void refusesExactlyOnceWithoutCheckpoints() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "broker:9092");

        assertThatThrownBy(() -> KafkaConfig.fromConfiguration(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpointing is off");
    }

    @Test
    void atLeastOnceRunsWithoutCheckpoints() {
        KafkaConfig config =
                KafkaConfig.builder()
                        .bootstrapServers("broker:9092")
                        .delivery(DeliveryMode.AT_LEAST_ONCE)
                        .build();

        assertThat(config.delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
    }

    @Test
    void refusesATransactionTimeoutThatAFullCheckpointIntervalOutlasts() {
        assertThatThrownBy(
                        () ->
                                KafkaConfig.builder()
                                        .bootstrapServers("broker:9092")
                                        .checkpointInterval(Duration.ofMinutes(10))
                                        .transactionTimeout(Duration.ofMinutes(5))
                                        .build())
                .hasMessageContaining(
                        "slidr.kafka.transaction-timeout (PT5M) must exceed the checkpoint"
                                + " interval (PT10M)");
    }

    @Test
    void namesEveryProblemAtOnce() {
        assertThatThrownBy(
                        () ->
                                KafkaConfig.builder()
                                        .topicNames(
                                                new Topics.Names(
                                                        "clicks",
                                                        "conv",
                                                        "clicks",
                                                        "dead letters",
                                                        "control"))
                                        .groupId(" ")
                                        .maxValueBytes(0)
                                        .watermarkIdleness(Duration.ofSeconds(-1))
                                        .checkpointInterval(Duration.ofSeconds(1))
                                        .build())
                .hasMessageStartingWith("invalid Kafka configuration: ")
                .hasMessageContaining("slidr.kafka.bootstrap-servers is required")
                .hasMessageContaining(
                        "slidr.kafka.topics.decisions ('clicks') names another topic too")
                .hasMessageContaining(
                        "slidr.kafka.topics.dead-letters ('dead letters') is not a legal Kafka"
                                + " topic name")
                .hasMessageContaining("slidr.kafka.group-id must not be blank")
                .hasMessageContaining("slidr.kafka.source.max-value-bytes (0)")
                .hasMessageContaining("slidr.kafka.watermark.idleness must be zero or more");
    }

    @Test
    void refusesToPassThroughPropertiesTheJobOwns() {
        Configuration conf = minimal();
        conf.setString("slidr.kafka.properties.isolation.level", "read_uncommitted");
        conf.setString("slidr.kafka.properties.transactional.id", "mine");

        assertThatThrownBy(() -> KafkaConfig.fromConfiguration(conf))
                .hasMessageContaining(
                        "slidr.kafka.properties.isolation.level is set by the job itself")
                .hasMessageContaining("slidr.kafka.properties.transactional.id");
    }

    @Test
    void keepsClientPropertyValuesOutOfItsDescription() {
        Configuration conf = minimal();
        conf.setString("slidr.kafka.properties.ssl.keystore.password", "hunter2");

        KafkaConfig config = KafkaConfig.fromConfiguration(conf);

        assertThat(config.toString()).contains("ssl.keystore.password").doesNotContain("hunter2");
    }
}
