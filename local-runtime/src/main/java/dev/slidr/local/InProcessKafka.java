package dev.slidr.local;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka node in this JVM (KRaft, combined broker and controller), from Kafka's own {@link
 * KafkaClusterTestKit}, with one-node settings for transactions and consumer groups and unlimited
 * retention (simulated clicks carry past timestamps). The demo's broker, and the one the
 * integration tests start.
 */
public final class InProcessKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private InProcessKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts the node and waits until its broker is ready. */
    public static InProcessKafka start() throws Exception {
        return start(Map.of());
    }

    /** Starts the node with extra broker settings (they override the defaults). */
    public static InProcessKafka start(Map<String, String> brokerConfig) throws Exception {
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
                        .setConfigProp("auto.create.topics.enable", "false")
                        .setConfigProp("log.retention.ms", "-1");
        brokerConfig.forEach(builder::setConfigProp);
        return new InProcessKafka(started(builder));
    }

    /**
     * Builds, formats and starts the nodes of {@code builder} and waits until every broker is
     * ready; closes them when that fails. Shared with the replicated brokers of the soak.
     */
    public static KafkaClusterTestKit started(KafkaClusterTestKit.Builder builder)
            throws Exception {
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Client settings that reach the nodes of {@code cluster}. */
    public static Properties clientProperties(KafkaClusterTestKit cluster) {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return p;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client settings that reach this node. */
    public Properties clientProperties() {
        return clientProperties(cluster);
    }

    /** Creates the topics (name, partitions pairs) and waits until they exist. */
    public void createTopics(List<NewTopic> topics) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).all().get();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
