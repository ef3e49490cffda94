package dev.slidr.replay;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a replay's corrections file to the corrections topic in one Kafka transaction, keyed by
 * click id: read_committed consumers see all of a replay's corrections or none. The transactional
 * id is the replay id, so a second run of the same replay fences a first one still running.
 */
final class CorrectionPublisher {

    private CorrectionPublisher() {}

    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // the transaction times out on the broker: nothing of it becomes visible either way
        }
    }

    /**
     * Sends every line of {@code corrections} (contract JSON of one decision each), keyed by click
     * id, and commits.
     *
     * @return the records published
     */
    static long publish(Configuration settings, String replayId, Path corrections)
            throws IOException {
        KafkaConfig kafka = ReplayRun.kafkaConfig(settings);
        String topic = settings.get(KafkaOptions.CORRECTIONS_TOPIC);
        Properties props = new Properties();
        props.putAll(kafka.producerProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                kafka.transactionalIdPrefix() + "-" + replayId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long sent = 0;
        boolean begun = false;
        try (KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                props, new ByteArraySerializer(), new ByteArraySerializer());
                BufferedReader lines =
                        Files.newBufferedReader(corrections, StandardCharsets.UTF_8)) {
            try {
                producer.initTransactions();
                producer.beginTransaction();
                begun = true;
                String line;
                while ((line = lines.readLine()) != null) {
                    byte[] value = line.getBytes(StandardCharsets.UTF_8);
                    // the file was written by this replay from decoded decisions
                    Decision d = ((Parsed.Ok<Decision>) ContractJson.readDecision(value)).value();
                    byte[] key = d.clickId().getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(topic, key, value));
                    sent++;
                }
                producer.commitTransaction();
            } catch (KafkaException | IOException e) {
                if (begun) {
                    abortQuietly(producer);
                }
                throw new ReplayException(
                        "publishing corrections to "
                                + topic
                                + " failed, nothing was published: "
                                + ReplayRun.rootCause(e),
                        e);
            }
        } catch (KafkaException e) {
            throw new ReplayException(
                    "cannot publish corrections to " + topic + ": " + ReplayRun.rootCause(e), e);
        }
        return sent;
    }
}
