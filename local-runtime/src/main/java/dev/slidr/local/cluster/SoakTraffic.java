package dev.slidr.local.cluster;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Device;
import dev.slidr.contract.ReasonCode;
import dev.slidr.job.kafka.Topic;
import dev.slidr.simulator.hostile.HostileCorpus;
import dev.slidr.simulator.hostile.HostileKind;
import dev.slidr.simulator.hostile.HostileRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The soak's input: valid clicks with ids {@code soak-0 … soak-(N-1)} (users, sessions, IPs, ads
 * and devices drawn from small pools by index, so a run is the same for the same size) and, after
 * every {@code badEvery}-th click, one malformed record in turn: JSON cut short, an IP that is not
 * one, bytes that are not UTF-8. With a hostile corpus, its records are spread evenly over the
 * clicks, each stamped with the time of the click before it; where each one landed is kept with its
 * label, so that its dead letter (keyed by its source coordinates) can be checked against the
 * reason it must carry. Each record's Kafka timestamp is its event time, 10 ms apart. Produced
 * idempotently with {@code acks=all}, so a broker restart neither loses nor repeats one.
 */
final class SoakTraffic implements AutoCloseable {

    /** Event time of the first click. */
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    private static final String USER_AGENT =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0 Safari/537.36";
    private static final Device[] DEVICES = {Device.DESKTOP, Device.MOBILE, Device.APP};

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topic<Click> topic;
    private final int badEvery;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long badRecords;
    private final HostileCorpus corpus;
    private final long hostile;
    private final long clicks;
    private long hostileSent;

    /** The hostile records that must become dead letters, by {@code topic/partition/offset}. */
    private final Map<String, HostileLabel> hostileBySource = new ConcurrentHashMap<>();

    /** The hostile records that are valid clicks, by click id. */
    private final Map<String, HostileLabel> hostileClicks = new ConcurrentHashMap<>();

    /** What the check needs of a hostile record: its kind, variant and expected reason. */
    record HostileLabel(HostileKind kind, String variant, ReasonCode expected) {}

    SoakTraffic(Properties client, Topic<Click> topic, int badEvery) {
        this(client, topic, badEvery, null, 0, 1);
    }

    /** Traffic with {@code hostile} records of {@code corpus} spread over {@code clicks} clicks. */
    SoakTraffic(
            Properties client,
            Topic<Click> topic,
            int badEvery,
            HostileCorpus corpus,
            long hostile,
            long clicks) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // a broker restart must not fail a send: retry until the broker is back
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        if (corpus != null) {
            // the corpus's largest records reach the broker, so that the job's limit answers them
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRecordBytes(corpus)));
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(4L * maxRecordBytes(corpus)));
        }
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.badEvery = badEvery;
        this.corpus = corpus;
        this.hostile = corpus == null ? 0 : hostile;
        this.clicks = clicks;
    }

    /** The largest record the clicks topic and the producer must take for {@code corpus}. */
    static int maxRecordBytes(HostileCorpus corpus) {
        return corpus.largestBytes() + 1024 * 1024;
    }

    /** The valid click with index {@code i}. */
    static Click click(long i) {
        int user = (int) (i * 7919 % 5000);
        boolean loggedIn = user % 3 != 0;
        return new Click(
                "soak-" + i,
                START.toEpochMilli() + i * 10,
                loggedIn ? "user-" + user : null,
                "session-" + user + "-" + (i / 50_000),
                "198.51.100." + (user % 250 + 1),
                USER_AGENT,
                DEVICES[user % DEVICES.length],
                loggedIn,
                "ad-" + (i % 200),
                "adv-" + (i % 200 / 10),
                "placement-" + (i % 5));
    }

    /** The index of a soak click id, or -1 when {@code clickId} is not one. */
    static long indexOf(String clickId) {
        if (!clickId.startsWith("soak-")) {
            return -1;
        }
        try {
            return Long.parseLong(clickId.substring(5));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sends click {@code i}, and a malformed record after it when its turn has come. */
    void send(long i) throws IOException {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IOException("sending to Kafka failed: " + failed.getMessage(), failed);
        }
        Click click = click(i);
        producer.send(
                new ProducerRecord<>(
                        topic.name(), null, click.ts(), topic.keyOf(click), topic.valueOf(click)),
                this::onCompletion);
        if (badEvery > 0 && i % badEvery == badEvery - 1) {
            producer.send(
                    new ProducerRecord<>(
                            topic.name(), null, click.ts(), null, malformed(click, badRecords++)),
                    this::onCompletion);
        }
        long due = hostileDue(i, hostile, clicks);
        while (hostileSent < due) {
            sendHostile(corpus.record(hostileSent++, click.ts()));
        }
    }

    /**
     * Hostile records due once click {@code i} is sent: an even spread over the clicks, exactly
     * {@code hostile} in all once the last click is sent (several after each click when there are
     * more hostile records than clicks).
     */
    static long hostileDue(long i, long hostile, long clicks) {
        if (hostile == 0) {
            return 0;
        }
        // in double: hostile * clicks may overflow a long
        return Math.min(hostile, (long) Math.floor((double) (i + 1) / clicks * hostile));
    }

    private void sendHostile(HostileRecord record) {
        HostileLabel label = new HostileLabel(record.kind(), record.variant(), record.expected());
        if (record.accepted()) {
            hostileClicks.put(record.clickId(), label);
        }
        producer.send(
                new ProducerRecord<>(
                        topic.name(), null, record.timestamp(), record.key(), record.value()),
                (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else if (!record.accepted()) {
                        hostileBySource.put(
                                m.topic() + "/" + m.partition() + "/" + m.offset(), label);
                    }
                });
    }

    /** Hostile records sent so far. */
    long hostileRecords() {
        return hostileSent;
    }

    /** The hostile records that must be dead letters, by source coordinates (after a flush). */
    Map<String, HostileLabel> hostileBySource() {
        return hostileBySource;
    }

    /** The hostile records that are valid clicks, by click id. */
    Map<String, HostileLabel> hostileClicks() {
        return hostileClicks;
    }

    /** Malformed records sent so far. */
    long badRecords() {
        return badRecords;
    }

    /** The {@code index}-th malformed record, stamped after {@code click}. */
    static byte[] malformed(Click click, long index) {
        return switch ((int) (index % 3)) {
            case 0 ->
                    ("{\"click_id\": \"broken-" + index + "\", \"ts\": ")
                            .getBytes(StandardCharsets.UTF_8);
            case 1 ->
                    new String(ContractJson.write(click), StandardCharsets.UTF_8)
                            .replace(click.clickId(), "bad-ip-" + index)
                            .replace("\"" + click.ip() + "\"", "\"999.1.2.3\"")
                            .getBytes(StandardCharsets.UTF_8);
            default -> new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'};
        };
    }

    private void onCompletion(org.apache.kafka.clients.producer.RecordMetadata m, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits until every record sent is acknowledged. */
    void flush() throws IOException {
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IOException("sending to Kafka failed: " + failed.getMessage(), failed);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(30));
    }
}
