package dev.slidr.local.demo;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import dev.slidr.simulator.TrafficKind;
import dev.slidr.simulator.TrafficSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The warm-up: the history's clicks (and their conversions) from {@code fromMs} to {@code untilMs},
 * produced unpaced with their event time as the Kafka timestamp, so the live job's per-user and
 * per-IP counters hold hours of traffic when the measured traffic starts. Earlier history is
 * skipped; the ids of the clicks sent are kept so billing can leave their decisions out.
 */
final class WarmupTraffic implements TrafficSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String clicksTopic;
    private final String conversionsTopic;
    private final long fromMs;
    private final long untilMs;
    private final Set<String> clickIds = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long conversions;

    WarmupTraffic(
            Properties producer,
            String clicksTopic,
            String conversionsTopic,
            long fromMs,
            long untilMs) {
        if (fromMs > untilMs) {
            throw new IllegalArgumentException(
                    "warm-up starts after it ends: " + fromMs + " > " + untilMs);
        }
        this.producer =
                new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
        this.clicksTopic = clicksTopic;
        this.conversionsTopic = conversionsTopic;
        this.fromMs = fromMs;
        this.untilMs = untilMs;
    }

    @Override
    public void click(Click click, TrafficKind kind) throws IOException {
        if (click.ts() < fromMs || click.ts() >= untilMs) {
            return;
        }
        // the id first: billing may read the decision before send returns
        clickIds.add(click.clickId());
        send(clicksTopic, click.userKey(), click.ts(), ContractJson.write(click));
    }

    @Override
    public void conversion(Conversion conversion) throws IOException {
        // a conversion after the warm-up window would run ahead of the live clicks' event time
        if (!clickIds.contains(conversion.clickId()) || conversion.ts() >= untilMs) {
            return;
        }
        conversions++;
        send(
                conversionsTopic,
                conversion.clickId(),
                conversion.ts(),
                ContractJson.write(conversion));
    }

    private void send(String topic, String key, long eventTs, byte[] value) throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("sending the warm-up to Kafka failed: " + e.getMessage(), e);
        }
        producer.send(
                new ProducerRecord<>(
                        topic, null, eventTs, key.getBytes(StandardCharsets.UTF_8), value),
                (metadata, ex) -> {
                    if (ex != null) {
                        failure.compareAndSet(null, ex);
                    }
                });
    }

    /** The ids of the warm-up clicks sent (a live, thread-safe view). */
    Set<String> clickIds() {
        return clickIds;
    }

    long conversions() {
        return conversions;
    }

    @Override
    public void close() throws IOException {
        try {
            producer.flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("sending the warm-up to Kafka failed: " + e.getMessage(), e);
        }
    }
}
