package dev.slidr.local.testing;

import dev.slidr.local.InProcessKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real Kafka broker in this JVM for integration tests: the {@link InProcessKafka} node, plus
 * topic creation and a {@code read_committed} reader for assertions.
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

    private final InProcessKafka node;

    private EmbeddedKafkaCluster(InProcessKafka node) {
        this.node = node;
    }

    /** Starts a one-node cluster and waits until its broker is ready. */
    public static EmbeddedKafkaCluster start() throws Exception {
        return start(Map.of());
    }

    /** Starts a one-node cluster with extra broker settings (they override the defaults). */
    public static EmbeddedKafkaCluster start(Map<String, String> brokerConfig) throws Exception {
        return new EmbeddedKafkaCluster(InProcessKafka.start(brokerConfig));
    }

    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    /** Client settings that reach this cluster (bootstrap servers and security). */
    public Properties clientProperties() {
        return node.clientProperties();
    }

    /** Creates a topic and waits for it to exist. */
    public void createTopic(String name, int partitions) throws Exception {
        node.createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
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
        node.close();
    }
}
