package dev.slidr.local.cluster;

import dev.slidr.local.InProcessKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Three Kafka brokers and a KRaft controller in this JVM, with the replication settings of {@code
 * deploy/kafka/broker.properties}: replication 3 (topics, consumer offsets, transaction log),
 * {@code min.insync.replicas} 2, no unclean leader election; a broker can be stopped and started
 * again, so partition leaders move.
 */
public final class ReplicatedKafka implements AutoCloseable {

    /** Brokers, as in {@code deploy/kafka}. */
    public static final int BROKERS = 3;

    private final KafkaClusterTestKit cluster;

    private ReplicatedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts the controller and the brokers and waits until every broker is ready. */
    public static ReplicatedKafka start() throws Exception {
        KafkaClusterTestKit.Builder builder =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(false)
                                        .setNumBrokerNodes(BROKERS)
                                        .setNumControllerNodes(1)
                                        .build())
                        // deploy/kafka/broker.properties
                        .setConfigProp("transaction.max.timeout.ms", "900000")
                        .setConfigProp("transaction.state.log.replication.factor", "3")
                        .setConfigProp("transaction.state.log.min.isr", "2")
                        .setConfigProp("offsets.topic.replication.factor", "3")
                        .setConfigProp("min.insync.replicas", "2")
                        .setConfigProp("default.replication.factor", "3")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .setConfigProp("unclean.leader.election.enable", "false")
                        // one machine: fewer internal partitions start faster
                        .setConfigProp("offsets.topic.num.partitions", "4")
                        .setConfigProp("transaction.state.log.num.partitions", "4")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        // simulated clicks carry past timestamps
                        .setConfigProp("log.retention.ms", "-1");
        return new ReplicatedKafka(InProcessKafka.started(builder));
    }

    /** The running brokers' addresses. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client settings that reach the brokers. */
    public Properties clientProperties() {
        return InProcessKafka.clientProperties(cluster);
    }

    /** Creates the topics, replicated on every broker, and waits until they exist. */
    public void createTopics(Map<String, Integer> partitionsByTopic) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        partitionsByTopic.forEach(
                (name, partitions) ->
                        topics.add(
                                new NewTopic(name, partitions, (short) BROKERS)
                                        .configs(Map.of("min.insync.replicas", "2"))));
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).all().get();
        }
    }

    /** The broker ids, in order. */
    public List<Integer> brokerIds() {
        return new ArrayList<>(new TreeSet<>(cluster.brokers().keySet()));
    }

    /** Stops broker {@code id} (its partitions' leadership moves to the others). */
    public void stopBroker(int id) {
        BrokerServer broker = cluster.brokers().get(id);
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts broker {@code id} again and waits until every broker is ready. */
    public void startBroker(int id) throws Exception {
        cluster.brokers().get(id).startup();
        cluster.waitForReadyBrokers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
