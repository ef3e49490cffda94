package dev.slidr.bench.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slidr.local.BillingReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A {@code read_committed} consumer of one decisions topic that keeps, for every decision a model
 * made, its {@code model_version}, {@code event_ts} and {@code decided_ts}: from them the control
 * part of the bench finds, for each command, the first decision the new version made.
 *
 * <pre>{@code
 * ModelSwitchWatch watch = new ModelSwitchWatch(kafka.clientProperties(), "decisions");
 * new Thread(watch).start();
 * ... watch.first("m2", producedMs, effectiveTs) ...
 * }</pre>
 */
final class ModelSwitchWatch implements Runnable {

    /** One decision a model made. */
    record Seen(String version, long eventTs, long decidedTs) {}

    private static final JsonFactory JSON = new JsonFactory();

    private final Properties clientProperties;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Seen> seen = new ArrayList<>();
    private volatile Exception failure;

    ModelSwitchWatch(Properties clientProperties, String topic) {
        this.clientProperties = clientProperties;
        this.topic = topic;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(clientProperties, "slidr-bench-switch-", List.of(topic))) {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    Seen s = read(record.value());
                    if (s != null) {
                        synchronized (this) {
                            seen.add(s);
                        }
                    }
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    void stop() {
        running.set(false);
    }

    /** The decisions read so far; the consumer's failure, if it failed, is thrown here. */
    synchronized List<Seen> seen() throws IOException {
        if (failure != null) {
            throw new IOException("the decisions consumer failed: " + failure, failure);
        }
        return List.copyOf(seen);
    }

    synchronized int count() {
        return seen.size();
    }

    /**
     * The earliest decision (by {@code decided_ts}) that {@code version} made at or after {@code
     * producedMs} for a click at or after {@code effectiveTs} and before {@code untilMs} (wall
     * clock); null when there is none.
     */
    static Seen first(
            List<Seen> all, String version, long producedMs, long effectiveTs, long untilMs) {
        Seen first = null;
        for (Seen s : all) {
            if (s.version().equals(version)
                    && s.decidedTs() >= producedMs
                    && s.decidedTs() < untilMs
                    && s.eventTs() >= effectiveTs
                    && (first == null || s.decidedTs() < first.decidedTs())) {
                first = s;
            }
        }
        return first;
    }

    /**
     * The clicks at or after {@code effectiveTs}, decided between {@code producedMs} and {@code
     * untilMs}, that a version other than {@code version} scored: the command reached their subtask
     * after them.
     */
    static long missed(
            List<Seen> all, String version, long producedMs, long effectiveTs, long untilMs) {
        return all.stream()
                .filter(
                        s ->
                                !s.version().equals(version)
                                        && s.decidedTs() >= producedMs
                                        && s.decidedTs() < untilMs
                                        && s.eventTs() >= effectiveTs)
                .count();
    }

    /** The three fields; null for a decision no model made (GIVT) or a value that is not one. */
    private static Seen read(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String version = null;
            long eventTs = Long.MIN_VALUE;
            long decidedTs = Long.MIN_VALUE;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "model_version" ->
                            version = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "event_ts" ->
                            eventTs =
                                    token == JsonToken.VALUE_NUMBER_INT
                                            ? parser.getLongValue()
                                            : Long.MIN_VALUE;
                    case "decided_ts" ->
                            decidedTs =
                                    token == JsonToken.VALUE_NUMBER_INT
                                            ? parser.getLongValue()
                                            : Long.MIN_VALUE;
                    default -> parser.skipChildren();
                }
            }
            return version == null || eventTs == Long.MIN_VALUE || decidedTs == Long.MIN_VALUE
                    ? null
                    : new Seen(version, eventTs, decidedTs);
        } catch (IOException e) {
            return null;
        }
    }
}
