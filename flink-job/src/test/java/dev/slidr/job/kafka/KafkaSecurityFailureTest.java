package dev.slidr.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Which client failures the preflight and the control-topic writer name as a refused login or a
 * failed TLS handshake, and the settings each line points to (the broker side: SaslSslJobITCase).
 */
class KafkaSecurityFailureTest {

    @Test
    void aRefusedSaslLoginNamesTheJaasSettingAndNotThePassword() {
        ExecutionException e =
                new ExecutionException(
                        new SaslAuthenticationException(
                                "Authentication failed during authentication due to invalid"
                                        + " credentials with SASL mechanism SCRAM-SHA-512"));

        assertThat(KafkaPreflight.securityFailure(e))
                .hasValue(
                        "authentication failed (Authentication failed during authentication due"
                                + " to invalid credentials with SASL mechanism SCRAM-SHA-512);"
                                + " check the user and password in"
                                + " slidr.kafka.properties.sasl.jaas.config and"
                                + " slidr.kafka.properties.sasl.mechanism");
    }

    @Test
    void aFailedHandshakeNamesTheTrustStoreAndTheRootCause() {
        KafkaException e =
                new KafkaException(
                        new SslAuthenticationException(
                                "SSL handshake failed",
                                new SSLHandshakeException("PKIX path building failed")));

        assertThat(KafkaPreflight.securityFailure(e))
                .hasValue(
                        "TLS handshake failed (PKIX path building failed); check"
                                + " slidr.kafka.properties.ssl.truststore.location: the trust"
                                + " store must hold the authority that signed the brokers'"
                                + " certificates");
    }

    @Test
    void otherFailuresAreNotSecurityFailures() {
        assertThat(
                        KafkaPreflight.securityFailure(
                                new ExecutionException(new TimeoutException("t"))))
                .isEmpty();
        assertThat(KafkaPreflight.securityFailure(new IllegalStateException("x"))).isEmpty();
        assertThat(KafkaPreflight.securityFailure(new KafkaException("no cause"))).isEmpty();
    }
}
