package dev.slidr.job.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Checks, before the job is submitted, that the brokers answer and that the topics the job reads
 * and writes exist.
 *
 * <p>The Kafka source and sinks retry an unreachable broker for as long as their restart strategy
 * lets them, so a wrong address or a missing topic would otherwise show as minutes of Flink stack
 * traces. One admin request with a short deadline turns it into one line that names the bootstrap
 * servers, with the same client properties (TLS, SASL) as the job, so a wrong password or an
 * untrusted certificate fails here too.
 *
 * <pre>{@code
 * KafkaPreflight.check(KafkaConfig.fromConfiguration(conf), conf.get(KafkaOptions.PREFLIGHT_TIMEOUT));
 * }</pre>
 */
public final class KafkaPreflight {

    /** The brokers did not answer, refused the client, or lack a topic the job needs. */
    public static final class KafkaUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private KafkaPreflight() {}

    /**
     * Asks the cluster for its brokers and its topics.
     *
     * @throws KafkaUnavailableException naming the bootstrap servers and what is wrong
     */
    public static void check(KafkaConfig kafka, Duration timeout) {
        check(kafka, timeout, true);
    }

    /**
     * {@link #check(KafkaConfig, Duration)}, asking for the conversions topic only when the job
     * reads it ({@code readsConversions}: the live monitor is on).
     *
     * @throws KafkaUnavailableException naming the bootstrap servers and what is wrong
     */
    public static void check(KafkaConfig kafka, Duration timeout, boolean readsConversions) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        props.setProperty(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        // one attempt per second at most: a refused connection must not become a retry storm
        props.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "1000");
        props.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        String servers = kafka.bootstrapServers();
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (RuntimeException e) {
            throw new KafkaUnavailableException(
                    "cannot create a Kafka client for " + servers + ": " + rootMessage(e), e);
        }
        try {
            int brokers = admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS).size();
            Set<String> existing = admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS);
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, String> topic : required(kafka, readsConversions).entrySet()) {
                if (!existing.contains(topic.getValue())) {
                    missing.add(topic.getValue() + " (" + topic.getKey() + ")");
                }
            }
            if (!missing.isEmpty()) {
                throw new KafkaUnavailableException(
                        "Kafka at "
                                + servers
                                + " ("
                                + brokers
                                + " broker(s)) has no topic "
                                + String.join(", ", missing)
                                + "; create them first (deploy/kafka/topics.sh)",
                        null);
            }
        } catch (TimeoutException e) {
            throw noAnswer(servers, timeout, e);
        } catch (ExecutionException e) {
            // the client's own deadline (the same one) may end the call before get() does
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw noAnswer(servers, timeout, e);
            }
            Optional<String> refused = securityFailure(e);
            if (refused.isPresent()) {
                throw new KafkaUnavailableException(
                        "Kafka at " + servers + ": " + refused.get(), e);
            }
            throw new KafkaUnavailableException(
                    "Kafka at " + servers + " refused the client: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while asking Kafka at " + servers, e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** The topics the job reads and writes, by the option key that names each. */
    private static Map<String, String> required(KafkaConfig kafka, boolean readsConversions) {
        Topics.Names names = kafka.topicNames();
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put(KafkaOptions.CLICKS_TOPIC.key(), names.clicks());
        topics.put(KafkaOptions.DECISIONS_TOPIC.key(), names.decisions());
        topics.put(KafkaOptions.DEAD_LETTERS_TOPIC.key(), names.deadLetters());
        // the job reads its control commands from the start; a missing topic would fail it later
        topics.put(KafkaOptions.CONTROL_TOPIC.key(), names.control());
        if (readsConversions) {
            // the live monitor reads conversions from the start, like the control commands
            topics.put(KafkaOptions.CONVERSIONS_TOPIC.key(), names.conversions());
        }
        return topics;
    }

    private static KafkaUnavailableException noAnswer(
            String servers, Duration timeout, Exception e) {
        return new KafkaUnavailableException(
                "no Kafka broker answered at "
                        + servers
                        + " within "
                        + timeout.toMillis() / 1000.0
                        + " s (slidr.kafka.bootstrap-servers; TLS/SASL settings under"
                        + " slidr.kafka.properties.*)",
                e);
    }

    /**
     * One line naming a failed TLS handshake or a failed SASL login in {@code e} (or its causes)
     * and the settings to check; empty for any other failure. Both are final: Kafka's clients do
     * not retry them, so the caller can stop at once.
     */
    public static Optional<String> securityFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return Optional.of(
                        "TLS handshake failed ("
                                + rootMessage(t)
                                + "); check "
                                + KafkaOptions.CLIENT_PROPERTIES_PREFIX
                                + "ssl.truststore.location: the trust store must hold the"
                                + " authority that signed the brokers' certificates");
            }
            if (t instanceof AuthenticationException) {
                return Optional.of(
                        "authentication failed ("
                                + rootMessage(t)
                                + "); check the user and password in "
                                + KafkaOptions.CLIENT_PROPERTIES_PREFIX
                                + "sasl.jaas.config and "
                                + KafkaOptions.CLIENT_PROPERTIES_PREFIX
                                + "sasl.mechanism");
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
