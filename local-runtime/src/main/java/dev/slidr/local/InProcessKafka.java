package dev.slidr.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka node in this JVM (KRaft, combined broker and controller), from Kafka's own {@link
 * KafkaClusterTestKit}, with one-node settings for transactions and consumer groups and unlimited
 * retention (simulated clicks carry past timestamps). The demo's broker, and the one the
 * integration tests start.
 */
public final class InProcessKafka implements AutoCloseable {

    /**
     * The secure listener of {@link #startSaslSsl}: the broker's PKCS12 key store, the clients'
     * PKCS12 trust store (one password for both) and the SCRAM-SHA-512 user that {@link
     * #clientProperties()} logs in as.
     */
    public record SaslSsl(
            Path keyStore, Path trustStore, String storePassword, String user, String password) {

        @Override
        public String toString() {
            return "SaslSsl[keyStore="
                    + keyStore
                    + ", trustStore="
                    + trustStore
                    + ", user="
                    + user
                    + "]";
        }
    }

    /**
     * The SASL_SSL listener of {@link #startSaslSsl}. The node's own plaintext listener stays, on
     * localhost, for replication and transaction markers between the node and itself and for
     * creating the SCRAM users (they cannot log in before they exist); clients use this one.
     */
    private static final String SECURE_LISTENER = "SECURE";

    private static final String SCRAM = "SCRAM-SHA-512";

    private final KafkaClusterTestKit cluster;
    private final SaslSsl security;

    private InProcessKafka(KafkaClusterTestKit cluster, SaslSsl security) {
        this.cluster = cluster;
        this.security = security;
    }

    /** Starts the node and waits until its broker is ready. */
    public static InProcessKafka start() throws Exception {
        return start(Map.of());
    }

    /** Starts the node with extra broker settings (they override the defaults). */
    public static InProcessKafka start(Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder = oneNode(oneNodeLayout());
        brokerConfig.forEach(builder::setConfigProp);
        return new InProcessKafka(started(builder), null);
    }

    /**
     * Starts the node with a second client listener on SASL_SSL (SCRAM-SHA-512, TLS with the key
     * store of {@code security}, no client certificates) and creates the SCRAM user of {@code
     * security}; {@link #bootstrapServers()} names that listener, {@link #clientProperties()} logs
     * in through it.
     */
    public static InProcessKafka startSaslSsl(SaslSsl security) throws Exception {
        TestKitNodes nodes = oneNodeLayout();
        // the test kit's own broker listener, plaintext: it only supports plaintext ones
        String plain = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        KafkaClusterTestKit.Builder builder = oneNode(nodes);
        builder.setConfigProp(
                        "listeners",
                        String.format(
                                "%s://localhost:0,%s://localhost:0,%s://localhost:0",
                                plain, controller, SECURE_LISTENER))
                .setConfigProp(
                        "listener.security.protocol.map",
                        String.format(
                                "%s:PLAINTEXT,%s:PLAINTEXT,%s:SASL_SSL",
                                plain, controller, SECURE_LISTENER))
                .setConfigProp("sasl.enabled.mechanisms", SCRAM)
                .setConfigProp(
                        "listener.name."
                                + SECURE_LISTENER.toLowerCase(Locale.ROOT)
                                + ".scram-sha-512."
                                + SaslConfigs.SASL_JAAS_CONFIG,
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12")
                .setConfigProp(
                        SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, security.keyStore().toString())
                .setConfigProp(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, security.storePassword())
                .setConfigProp(SslConfigs.SSL_KEY_PASSWORD_CONFIG, security.storePassword())
                .setConfigProp("ssl.client.auth", "none");
        KafkaClusterTestKit cluster = started(builder);
        try {
            createScramUser(cluster, security.user(), security.password());
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new InProcessKafka(cluster, security);
    }

    /** One combined broker and controller. */
    private static TestKitNodes oneNodeLayout() {
        return new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
    }

    /** The node's settings: one-node transactions and consumer groups, unlimited retention. */
    private static KafkaClusterTestKit.Builder oneNode(TestKitNodes nodes) {
        return new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("log.retention.ms", "-1");
    }

    /**
     * Creates (or replaces) a SCRAM-SHA-512 user through the plaintext listener and waits until the
     * broker knows it, so that the first login that follows succeeds.
     */
    private static void createScramUser(KafkaClusterTestKit cluster, String user, String password)
            throws Exception {
        // the plaintext listener: no user can log in on the secure one before it exists
        try (Admin admin = Admin.create(clientProperties(cluster))) {
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            user,
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_512, 4096),
                                            password)))
                    .all()
                    .get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.describeUserScramCredentials().users().get().contains(user)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM user " + user + " never appeared");
                }
                Thread.sleep(50);
            }
        }
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

    /** The client listener: with {@link #startSaslSsl}, the SASL_SSL one. */
    public String bootstrapServers() {
        if (security == null) {
            return cluster.bootstrapServers();
        }
        return "localhost:"
                + cluster.brokers()
                        .values()
                        .iterator()
                        .next()
                        .boundPort(new ListenerName(SECURE_LISTENER));
    }

    /**
     * Client settings that reach this node: with {@link #startSaslSsl}, SASL_SSL as its SCRAM user,
     * trusting its certificate authority.
     */
    public Properties clientProperties() {
        Properties p = clientProperties(cluster);
        if (security != null) {
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            p.putAll(saslSslClientSettings(security, security.password()));
        }
        return p;
    }

    /**
     * The client settings of a SASL_SSL node started with {@code security}, logging in with {@code
     * password} (the keys are Kafka's client settings, without the job's option prefix).
     */
    public static Map<String, String> saslSslClientSettings(SaslSsl security, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                "SASL_SSL",
                SaslConfigs.SASL_MECHANISM,
                SCRAM,
                SaslConfigs.SASL_JAAS_CONFIG,
                scramLogin(security.user(), password),
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
                "PKCS12",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                security.trustStore().toString(),
                SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
                security.storePassword());
    }

    /** The JAAS line a SCRAM client logs in with. */
    public static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    /**
     * How many logins (SASL or TLS handshakes) the SASL_SSL listener has refused since the node
     * started: Kafka's {@code failed-authentication-total} of that listener.
     */
    public long failedAuthentications() {
        double total = 0;
        for (var metric :
                cluster.brokers().values().iterator().next().metrics().metrics().entrySet()) {
            if (metric.getKey().name().equals("failed-authentication-total")
                    && SECURE_LISTENER.equals(metric.getKey().tags().get("listener"))) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return Math.round(total);
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
