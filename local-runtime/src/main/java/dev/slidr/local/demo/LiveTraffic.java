package dev.slidr.local.demo;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import dev.slidr.simulator.Pacer;
import dev.slidr.simulator.SimulationSummary;
import dev.slidr.simulator.TrafficKind;
import dev.slidr.simulator.TrafficSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's live traffic: the simulator's clicks and conversions go to Kafka (paced), their truth
 * stays in memory for the billing consumer, and every {@code badEvery}-th click is followed by a
 * malformed record (bad JSON, a bad IP, bytes that are not UTF-8, in turn). Every record's Kafka
 * timestamp is its event time, so the job's watermarks follow the simulated clock (and the warm-up,
 * which precedes it). Stops the simulator by throwing {@link EnoughTraffic} once the streaming time
 * is up.
 */
final class LiveTraffic implements TrafficSink {

    /** What the demo knows of one click it sent. */
    record Truth(
            String slice,
            String kind,
            boolean loggedIn,
            boolean robot,
            boolean highVelocity,
            long producedMs) {

        /** The same truth, handed to the producer at {@code millis}. */
        Truth producedAt(long millis) {
            return new Truth(slice, kind, loggedIn, robot, highVelocity, millis);
        }
    }

    /** Thrown from {@link #click} when the streaming time is up; the simulator stops there. */
    static final class EnoughTraffic extends IOException {
        EnoughTraffic() {
            super("streaming time is up");
        }
    }

    private static final long HOUR_MS = 3_600_000L;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String clicksTopic;
    private final String conversionsTopic;
    private final Pacer pacer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long startNanos = -1;
    private final long streamingNanos;
    private long deadlineNanos;
    private final int badEvery;
    private final int velocityK;
    private final Map<String, Truth> truth = new ConcurrentHashMap<>();
    private final Set<String> purchased = ConcurrentHashMap.newKeySet();
    private final Map<String, ArrayDeque<Long>> recentByUser = new HashMap<>();
    private final AtomicLong clicks = new AtomicLong();
    private final AtomicLong badRecords = new AtomicLong();
    private volatile boolean stopped;
    private final AtomicLong lastEventTs = new AtomicLong(Long.MIN_VALUE);
    private volatile long startMillis = -1;

    LiveTraffic(
            Properties producer,
            String clicksTopic,
            String conversionsTopic,
            double rate,
            java.time.Duration streaming,
            int badEvery,
            int velocityK) {
        this.producer =
                new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
        this.clicksTopic = clicksTopic;
        this.conversionsTopic = conversionsTopic;
        this.pacer = new Pacer(rate, Pacer.Ticker.SYSTEM);
        this.streamingNanos = streaming.toNanos();
        this.badEvery = badEvery;
        this.velocityK = velocityK;
    }

    @Override
    public void click(Click click, TrafficKind kind) throws IOException {
        if (startNanos < 0) {
            // the streaming time starts with the first live click, after any warm-up
            startNanos = System.nanoTime();
            startMillis = System.currentTimeMillis();
            deadlineNanos = startNanos + streamingNanos;
        }
        if (stopped || System.nanoTime() >= deadlineNanos) {
            stopped = true;
            throw new EnoughTraffic();
        }
        boolean highVelocity = countVelocity(click);
        // the truth first: the billing consumer may see the decision before this method returns
        String slice = SimulationSummary.sliceOf(click.device(), click.loggedIn());
        Truth unsent =
                new Truth(
                        slice,
                        kind.wireName(),
                        click.loggedIn(),
                        kind.isRobot(),
                        highVelocity,
                        Long.MAX_VALUE);
        truth.put(click.clickId(), unsent);
        pacer.acquire();
        send(clicksTopic, click.userKey(), click.ts(), ContractJson.write(click));
        lastEventTs.accumulateAndGet(click.ts(), Math::max);
        // produced = handed to the producer, after the pacer let it go
        truth.put(click.clickId(), unsent.producedAt(System.currentTimeMillis()));
        long n = clicks.incrementAndGet();
        if (badEvery > 0 && n % badEvery == 0) {
            sendBad(click, badRecords.getAndIncrement());
        }
    }

    @Override
    public void conversion(Conversion conversion) throws IOException {
        if (stopped) {
            return;
        }
        purchased.add(conversion.clickId());
        send(
                conversionsTopic,
                conversion.clickId(),
                conversion.ts(),
                ContractJson.write(conversion));
    }

    /** Sends one record with {@code eventTs} as its Kafka timestamp; a failure surfaces later. */
    private void send(String topic, String key, long eventTs, byte[] value) throws IOException {
        checkFailure();
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

    /** Weak robotic label: more than K clicks of the same user in the hour before (event time). */
    private boolean countVelocity(Click click) {
        if (click.userId() == null) {
            return false;
        }
        ArrayDeque<Long> recent =
                recentByUser.computeIfAbsent(click.userId(), u -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst() <= click.ts() - HOUR_MS) {
            recent.pollFirst();
        }
        boolean high = recent.size() > velocityK;
        recent.addLast(click.ts());
        return high;
    }

    private void sendBad(Click click, long index) {
        byte[] value;
        switch ((int) (index % 3)) {
            case 0 ->
                    value =
                            ("{\"click_id\": \"broken-" + index + "\", \"ts\": ")
                                    .getBytes(StandardCharsets.UTF_8);
            case 1 ->
                    value =
                            new String(ContractJson.write(click), StandardCharsets.UTF_8)
                                    .replace(click.clickId(), "bad-ip-" + index)
                                    .replace("\"" + click.ip() + "\"", "\"999.1.2.3\"")
                                    .getBytes(StandardCharsets.UTF_8);
            default -> value = new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'};
        }
        // stamped like the click it follows, so a malformed record never moves event time
        producer.send(new ProducerRecord<>(clicksTopic, null, click.ts(), null, value));
    }

    Map<String, Truth> truth() {
        return truth;
    }

    boolean purchased(String clickId) {
        return purchased.contains(clickId);
    }

    /** The latest event time sent; {@link Long#MIN_VALUE} before the first click. */
    long lastEventTs() {
        return lastEventTs.get();
    }

    /** Wall-clock time of the first live click; -1 before it. */
    long startMillis() {
        return startMillis;
    }

    long clicks() {
        return clicks.get();
    }

    long badRecords() {
        return badRecords.get();
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        try {
            producer.flush();
        } finally {
            producer.close(java.time.Duration.ofSeconds(30));
        }
        checkFailure();
    }
}
