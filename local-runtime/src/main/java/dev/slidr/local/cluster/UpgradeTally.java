package dev.slidr.local.cluster;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.local.BillingReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Billing's view of an upgrade rehearsal: a {@link BillingReader} ({@code read_committed}) on the
 * decisions and dead-letter topics that keeps, per click, how many decisions it got, where the
 * first one lies on the decisions topic (so that it can be told whether the job before or after the
 * upgrade decided it) and the user-key features it carried. Runs on a thread of its own until
 * {@link #stop}.
 */
final class UpgradeTally extends CommittedTally {

    /** The user-key features kept per click: clicks in 1 min, 5 min, 1 h, 24 h, velocity, gap. */
    static final int USER_FEATURES = 6;

    private final byte[] times;
    private final int[] partitions;
    private final long[] offsets;
    private final float[][] userFeatures;

    UpgradeTally(Properties client, String decisionsTopic, String deadLettersTopic, int clicks) {
        super(client, "slidr-upgrade-billing-", decisionsTopic, deadLettersTopic);
        this.times = new byte[clicks];
        this.partitions = new int[clicks];
        this.offsets = new long[clicks];
        this.userFeatures = new float[clicks][];
    }

    @Override
    void accept(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(decisionsTopic)) {
            countDecision(record);
        } else if (record.topic().equals(deadLettersTopic)) {
            countDeadLetter(
                    record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
        }
    }

    private synchronized void countDecision(ConsumerRecord<byte[], byte[]> record) {
        decisions.incrementAndGet();
        Parsed<Decision> parsed = ContractJson.readDecision(record.value());
        Decision decision = parsed instanceof Parsed.Ok<Decision> ok ? ok.value() : null;
        long index = decision == null ? -1 : SoakTraffic.indexOf(decision.clickId());
        if (index < 0 || index >= times.length) {
            unexpected.incrementAndGet();
            return;
        }
        int i = (int) index;
        if (countClick(times, i)) {
            partitions[i] = record.partition();
            offsets[i] = record.offset();
            float[] features = decision.features();
            userFeatures[i] =
                    features.length < USER_FEATURES
                            ? null
                            : java.util.Arrays.copyOf(features, USER_FEATURES);
        }
    }

    /** Whether click {@code i} has a decision. */
    synchronized boolean decided(int i) {
        return times[i] > 0;
    }

    /**
     * Whether the first decision of click {@code i} lies below {@code end} (the decisions topic's
     * committed end offsets, by partition, when the job before the upgrade had stopped).
     */
    synchronized boolean decidedBefore(int i, Map<Integer, Long> end) {
        return times[i] > 0 && offsets[i] < end.getOrDefault(partitions[i], 0L);
    }

    /** The user-key features of click {@code i}'s first decision; null when it was not scored. */
    synchronized float[] userFeatures(int i) {
        return userFeatures[i];
    }
}
