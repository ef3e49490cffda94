package dev.slidr.simulator;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes clicks (key: user key, i.e. user id or session id) and conversions (key: click id) as
 * contract JSON to Kafka in event-time order, through an idempotent producer, optionally paced at a
 * fixed number of clicks per second. The ground truth never goes to Kafka.
 *
 * <pre>{@code
 * try (KafkaTrafficSink sink = new KafkaTrafficSink(
 *         KafkaTrafficSink.producerProperties("localhost:9092", Map.of()), "clicks", "conversions", 0)) {
 *     simulator.run(sink, ProgressListener.NONE);
 * }
 * }</pre>
 */
public final class KafkaTrafficSink implements TrafficSink {

    private final Producer<byte[], byte[]> producer;
    private final String clicksTopic;
    private final String conversionsTopic;
    private final Pacer pacer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * @param clicksPerSecond pace of click output; 0 sends as fast as the broker takes them
     */
    public KafkaTrafficSink(
            Properties producerProperties,
            String clicksTopic,
            String conversionsTopic,
            double clicksPerSecond) {
        // the pacer first: a bad rate must fail before a producer (and its threads) exists
        this(
                new Pacer(clicksPerSecond, Pacer.Ticker.SYSTEM),
                new KafkaProducer<>(
                        producerProperties, new ByteArraySerializer(), new ByteArraySerializer()),
                clicksTopic,
                conversionsTopic);
    }

    KafkaTrafficSink(
            Pacer pacer,
            Producer<byte[], byte[]> producer,
            String clicksTopic,
            String conversionsTopic) {
        this.producer = producer;
        this.clicksTopic = clicksTopic;
        this.conversionsTopic = conversionsTopic;
        this.pacer = pacer;
    }

    /**
     * Producer settings: idempotent (no duplicates on retry), ordered per partition, lz4
     * compression, batching for throughput; {@code extra} (e.g. TLS/SASL) overrides them.
     */
    public static Properties producerProperties(String bootstrap, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "slidr-simulator");
        p.putAll(extra);
        return p;
    }

    @Override
    public void click(Click click, TrafficKind truth) throws IOException {
        checkFailure();
        pacer.acquire();
        send(clicksTopic, click.userKey(), click.ts(), ContractJson.write(click));
    }

    @Override
    public void conversion(Conversion conversion) throws IOException {
        checkFailure();
        send(
                conversionsTopic,
                conversion.clickId(),
                conversion.ts(),
                ContractJson.write(conversion));
    }

    /**
     * Sends one record stamped with its event time: the live job's watermarks come from the record
     * timestamps, so a record stamped with the wall clock would move event time.
     */
    private void send(String topic, String key, long eventTs, byte[] value) {
        producer.send(
                new ProducerRecord<>(
                        topic, null, eventTs, key.getBytes(StandardCharsets.UTF_8), value),
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    private void checkFailure() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("sending to Kafka failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            producer.flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
        checkFailure();
    }

    /** Blocks until every record sent so far is acknowledged (or fails). */
    public void flush() throws IOException {
        producer.flush();
        checkFailure();
    }
}
