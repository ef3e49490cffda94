package dev.slidr.local.cluster;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import dev.slidr.local.BillingReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Billing's view of the soak, counted while it runs: a {@link BillingReader} ({@code
 * read_committed}) on the decisions and dead-letter topics, counting decisions per click id and
 * dead letters per source record (with the reason of the first), and decisions for the hostile
 * corpus's valid clicks ({@code hostile-…} ids) apart from the soak's own. Runs on a thread of its
 * own until {@link #stop}; read the maps after it has stopped.
 */
final class BillingTally extends CommittedTally {

    /** The click ids of the hostile corpus ({@code HostileCorpus}). */
    static final String HOSTILE_PREFIX = "hostile-";

    private final byte[] decidedTimes;
    private final Map<String, ReasonCode> reasonBySource = new HashMap<>();
    private final Map<String, Integer> hostileDecisions = new HashMap<>();
    final AtomicLong hostileDecided = new AtomicLong();

    BillingTally(Properties client, String decisionsTopic, String deadLettersTopic, int clicks) {
        super(client, "slidr-soak-billing-", decisionsTopic, deadLettersTopic);
        this.decidedTimes = new byte[clicks];
    }

    @Override
    void accept(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (record.topic().equals(decisionsTopic)) {
            countDecision(key);
        } else {
            countDeadLetter(key, record.value());
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
        countClick(decidedTimes, (int) index);
    }

    private void countDeadLetter(String source, byte[] value) {
        if (value != null && !reasonBySource.containsKey(source)) {
            Parsed<DeadLetter> letter = ContractJson.readDeadLetter(value);
            if (letter instanceof Parsed.Ok<DeadLetter> ok) {
                reasonBySource.put(source, ok.value().reason());
            }
        }
        countDeadLetter(source);
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
}
