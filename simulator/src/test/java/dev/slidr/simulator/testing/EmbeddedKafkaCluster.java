package dev.slidr.simulator.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in this JVM (KRaft, combined broker and controller), for integration tests:
 * Kafka's own {@link KafkaClusterTestKit} with settings for a one-node cluster (replication factor
 * 1 for internal topics, so transactions and consumer groups work).
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
 *     kafka.createTopic("clicks", 3);
 *     // produce to kafka.bootstrapServers() ...
 *     List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("clicks", 100, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a one-node cluster and waits until its broker is ready. */
    public static EmbeddedKafkaCluster start() throws Exception {
        return start(Map.of());
    }

    /** Starts a one-node cluster with extra broker settings (they override the defaults). */
    public static EmbeddedKafkaCluster start(Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false");
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafkaCluster(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client settings that reach this cluster (bootstrap servers and security). */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Creates a topic and waits for it to exist. */
    public void createTopic(String name, int partitions)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Reads a topic from the beginning (committed records only) until {@code expected} records
     * arrived or the timeout passed; returns what it read, in partition order.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(
            String topic, int expected, Duration timeout) {
        Properties p = clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
