package dev.slidr.bench.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slidr.local.BillingReader;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A {@code read_committed} consumer of one decisions topic, as billing reads it: counts decisions
 * per click id (so that every click is checked to be decided exactly once), the first and last
 * {@code decided_ts}, and, for clicks registered with {@link #sent}, the produce → decided latency
 * per phase.
 *
 * <pre>{@code
 * DecisionTally tally = new DecisionTally(kafka.clientProperties(), "decisions", 3);
 * Thread t = new Thread(tally); t.start();
 * ... tally.awaitDistinct(n, timeout) ...
 * tally.stop(); t.join();
 * }</pre>
 */
final class DecisionTally implements Runnable {

    private static final JsonFactory JSON = new JsonFactory();

    private final Properties clientProperties;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, long[]> produced = new ConcurrentHashMap<>();
    private final Histogram[] producedToDecided;

    // written by the consumer thread only; read under this object's lock
    private final Map<String, Integer> counts = new HashMap<>();
    private long decisions;
    private long duplicates;
    private long invalid;
    private long unreadable;
    private long firstDecidedTs = Long.MAX_VALUE;
    private long lastDecidedTs = Long.MIN_VALUE;
    private volatile Exception failure;

    /**
     * @param phases how many produce → decided histograms to keep (0 for none)
     */
    DecisionTally(Properties clientProperties, String topic, int phases) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.producedToDecided = new Histogram[phases];
        for (int i = 0; i < phases; i++) {
            producedToDecided[i] = new Histogram(3_600_000L, 3);
        }
    }

    /** Registers a click handed to the producer at {@code producedMs} in {@code phase}. */
    void sent(String clickId, int phase, long producedMs) {
        produced.put(clickId, new long[] {phase, producedMs});
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(clientProperties, "slidr-bench-", List.of(topic))) {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    add(record.value());
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** The three fields the tally needs; null when the value is not a decision object. */
    record Fields(String clickId, long decidedTs, boolean invalid) {}

    /**
     * Reads only {@code click_id}, {@code decided_ts} and {@code invalid}, and stops once it has
     * them (the feature vector comes later): the tally runs in the measured process, and parsing
     * every decision in full cost it a fifth of the process's Java samples in the first runs, and
     * tokenizing the skipped features still 8 %.
     */
    static Fields read(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String clickId = null;
            long decidedTs = Long.MIN_VALUE;
            Boolean invalid = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "click_id" ->
                            clickId = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "decided_ts" ->
                            decidedTs =
                                    token == JsonToken.VALUE_NUMBER_INT
                                            ? parser.getLongValue()
                                            : Long.MIN_VALUE;
                    case "invalid" ->
                            invalid = token.isBoolean() ? token == JsonToken.VALUE_TRUE : null;
                    default -> parser.skipChildren();
                }
                if (clickId != null && decidedTs != Long.MIN_VALUE && invalid != null) {
                    // the contract writes these three first: the rest (features above all) is
                    // not even tokenized
                    break;
                }
            }
            return clickId == null || decidedTs == Long.MIN_VALUE || invalid == null
                    ? null
                    : new Fields(clickId, decidedTs, invalid);
        } catch (IOException e) {
            return null;
        }
    }

    private void add(byte[] value) {
        Fields d = read(value);
        synchronized (this) {
            if (d == null) {
                unreadable++;
                return;
            }
            decisions++;
            if (d.invalid()) {
                invalid++;
            }
            if (counts.merge(d.clickId(), 1, Integer::sum) > 1) {
                duplicates++;
                return;
            }
            firstDecidedTs = Math.min(firstDecidedTs, d.decidedTs());
            lastDecidedTs = Math.max(lastDecidedTs, d.decidedTs());
            long[] sent = produced.remove(d.clickId());
            if (sent != null) {
                producedToDecided[(int) sent[0]].recordValue(
                        Math.min(Math.max(0, d.decidedTs() - sent[1]), 3_600_000L));
            }
        }
    }

    /**
     * Waits until {@code n} distinct clicks are decided or the timeout passes; true when they are.
     */
    boolean awaitDistinct(long n, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (distinct() < n && System.nanoTime() < end) {
            if (failure != null) {
                throw failure;
            }
            Thread.sleep(100);
        }
        return distinct() >= n;
    }

    synchronized long distinct() {
        return counts.size();
    }

    synchronized long decisions() {
        return decisions;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long invalid() {
        return invalid;
    }

    synchronized long unreadable() {
        return unreadable;
    }

    /** The earliest {@code decided_ts} read; {@link Long#MAX_VALUE} before any. */
    synchronized long firstDecidedMillis() {
        return firstDecidedTs;
    }

    /** The latest {@code decided_ts} read; {@link Long#MIN_VALUE} before any. */
    synchronized long lastDecidedMillis() {
        return lastDecidedTs;
    }

    /** Milliseconds from the first to the last decision ({@code decided_ts}); 0 when < 2. */
    synchronized long decidedSpanMillis() {
        return counts.size() < 2 ? 0 : lastDecidedTs - firstDecidedTs;
    }

    /** Whether {@code clickId} was decided. */
    synchronized boolean decided(String clickId) {
        return counts.containsKey(clickId);
    }

    /** A copy of a phase's produce → decided histogram, in milliseconds. */
    synchronized Histogram producedToDecided(int phase) {
        return producedToDecided[phase].copy();
    }

    void stop() {
        running.set(false);
    }
}
