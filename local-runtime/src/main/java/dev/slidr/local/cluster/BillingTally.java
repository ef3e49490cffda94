package dev.slidr.local.cluster;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import dev.slidr.local.BillingReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Billing's view of the soak, counted while it runs: a {@link BillingReader} ({@code
 * read_committed}) on the decisions and dead-letter topics, counting decisions per click id and
 * dead letters per source record (with the reason of the first), and decisions for the hostile
 * corpus's valid clicks ({@code hostile-…} ids) apart from the soak's own. Runs on a thread of its
 * own until {@link #stop}; read the maps after it has stopped.
 */
final class BillingTally implements Runnable {

    /** The click ids of the hostile corpus ({@code HostileCorpus}). */
    static final String HOSTILE_PREFIX = "hostile-";

    private final Properties client;
    private final String decisionsTopic;
    private final String deadLettersTopic;
    private final byte[] decidedTimes;
    private final Map<String, Integer> deadLetterTimes = new HashMap<>();
    private final Map<String, ReasonCode> reasonBySource = new HashMap<>();
    private final Map<String, Integer> hostileDecisions = new HashMap<>();
    final AtomicLong decisions = new AtomicLong();
    final AtomicLong decidedClicks = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong distinctDeadLetters = new AtomicLong();
    final AtomicLong deadLettersDuplicated = new AtomicLong();
    final AtomicLong hostileDecided = new AtomicLong();
    private volatile boolean stopped;
    private volatile Exception failure;

    BillingTally(Properties client, String decisionsTopic, String deadLettersTopic, int clicks) {
        this.client = client;
        this.decisionsTopic = decisionsTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.decidedTimes = new byte[clicks];
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(
                        client, "slidr-soak-billing-", List.of(decisionsTopic, deadLettersTopic))) {
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    String key =
                            record.key() == null
                                    ? ""
                                    : new String(record.key(), StandardCharsets.UTF_8);
                    if (record.topic().equals(decisionsTopic)) {
                        countDecision(key);
                    } else {
                        countDeadLetter(key, record.value());
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void countDecision(String clickId) {
        decisions.incrementAndGet();
        long index = SoakTraffic.indexOf(clickId);
        if (index < 0 && clickId.startsWith(HOSTILE_PREFIX)) {
            if (hostileDecisions.merge(clickId, 1, Integer::sum) == 1) {
                hostileDecided.incrementAndGet();
            }
            return;
        }
        if (index < 0 || index >= decidedTimes.length) {
            unexpected.incrementAndGet();
            return;
        }
        int i = (int) index;
        if (decidedTimes[i] == 0) {
            decidedClicks.incrementAndGet();
        } else {
            duplicated.incrementAndGet();
        }
        if (decidedTimes[i] < Byte.MAX_VALUE) {
            decidedTimes[i]++;
        }
    }

    private void countDeadLetter(String source, byte[] value) {
        deadLetters.incrementAndGet();
        if (value != null && !reasonBySource.containsKey(source)) {
            Parsed<DeadLetter> letter = ContractJson.readDeadLetter(value);
            if (letter instanceof Parsed.Ok<DeadLetter> ok) {
                reasonBySource.put(source, ok.value().reason());
            }
        }
        if (deadLetterTimes.merge(source, 1, Integer::sum) == 1) {
            distinctDeadLetters.incrementAndGet();
        } else {
            deadLettersDuplicated.incrementAndGet();
        }
    }

    /**
     * The reason of the first dead letter of each source record ({@code topic/partition/offset}).
     */
    Map<String, ReasonCode> reasonBySource() {
        return reasonBySource;
    }

    /** Decisions per hostile click id. */
    Map<String, Integer> hostileDecisions() {
        return hostileDecisions;
    }

    void stop() {
        stopped = true;
    }

    /** Why the reader stopped on its own, or null. */
    Exception failure() {
        return failure;
    }
}
