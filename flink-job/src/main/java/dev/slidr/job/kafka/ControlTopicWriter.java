package dev.slidr.job.kafka;

import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes one control command to the job's control topic, as {@code models promote --live} and
 * {@code models rollback --live} do: the contract's JSON ({@link ControlCodec}), stamped with the
 * time it was written (a rollback takes effect from it), acknowledged by every in-sync replica.
 *
 * <pre>{@code
 * RecordMetadata at = ControlTopicWriter.write(kafka, new ControlCommand.Rollback("m1"),
 *         System.currentTimeMillis(), Duration.ofSeconds(10));
 * }</pre>
 */
public final class ControlTopicWriter {

    private ControlTopicWriter() {}

    /**
     * Writes {@code command} and waits for the broker's acknowledgement.
     *
     * @throws KafkaPreflight.KafkaUnavailableException when the broker does not acknowledge within
     *     {@code timeout}
     */
    public static RecordMetadata write(
            KafkaConfig kafka, ControlCommand command, long recordTs, Duration timeout) {
        Properties p = kafka.producerProperties();
        p.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long millis = Math.max(timeout.toMillis(), 2000);
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(millis));
        // the producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(millis / 2));
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(millis));
        String topic = kafka.topicNames().control();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(
                            new ProducerRecord<>(
                                    topic, null, recordTs, null, ControlCodec.encode(command)))
                    .get(millis + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            Optional<String> refused = KafkaPreflight.securityFailure(cause);
            if (refused.isPresent()) {
                throw new KafkaPreflight.KafkaUnavailableException(
                        "the command was not written to "
                                + topic
                                + " at "
                                + kafka.bootstrapServers()
                                + ": "
                                + refused.get(),
                        e);
            }
            throw new KafkaPreflight.KafkaUnavailableException(
                    "the command was not written to "
                            + topic
                            + " at "
                            + kafka.bootstrapServers()
                            + ": "
                            + cause.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaPreflight.KafkaUnavailableException(
                    "interrupted while writing to " + topic, e);
        }
    }
}
