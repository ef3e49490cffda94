package dev.slidr.replay;

import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaPreflight;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * A replay that was refused or could not run: an unknown, tampered or never-stable model, an
 * unreadable source. The message is one line that says what and where.
 */
public final class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The brokers of {@code kafka} refused the client's credentials: final (the client would fail
     * the same way again), so the message says which setting to check.
     */
    static ReplayException refused(KafkaConfig kafka, AuthenticationException e) {
        return new ReplayException(
                "Kafka at "
                        + kafka.bootstrapServers()
                        + ": "
                        + KafkaPreflight.securityFailure(e).orElse(e.getMessage()),
                e);
    }
}
