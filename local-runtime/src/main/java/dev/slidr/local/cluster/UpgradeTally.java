package dev.slidr.local.cluster;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
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
 * Billing's view of an upgrade rehearsal: a {@link BillingReader} ({@code read_committed}) on the
 * decisions and dead-letter topics that keeps, per click, how many decisions it got, where the
 * first one lies on the decisions topic (so that it can be told whether the job before or after the
 * upgrade decided it) and the user-key features it carried. Runs on a thread of its own until
 * {@link #stop}.
 */
final class UpgradeTally implements Runnable {

    /** The user-key features kept per click: clicks in 1 min, 5 min, 1 h, 24 h, velocity, gap. */
    static final int USER_FEATURES = 6;

    private final Properties client;
    private final String decisionsTopic;
    private final String deadLettersTopic;
    private final byte[] times;
    private final int[] partitions;
    private final long[] offsets;
    private final float[][] userFeatures;
    private final Map<String, Integer> deadLetterTimes = new HashMap<>();
    final AtomicLong decisions = new AtomicLong();
    final AtomicLong decidedClicks = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong distinctDeadLetters = new AtomicLong();
    final AtomicLong deadLettersDuplicated = new AtomicLong();
    private volatile boolean stopped;
    private volatile Exception failure;

    UpgradeTally(Properties client, String decisionsTopic, String deadLettersTopic, int clicks) {
        this.client = client;
        this.decisionsTopic = decisionsTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.times = new byte[clicks];
        this.partitions = new int[clicks];
        this.offsets = new long[clicks];
        this.userFeatures = new float[clicks][];
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(
                        client,
                        "slidr-upgrade-billing-",
                        List.of(decisionsTopic, deadLettersTopic))) {
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    accept(record);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Counts one record of the decisions or the dead-letter topic. */
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
        if (times[i] == 0) {
            decidedClicks.incrementAndGet();
            partitions[i] = record.partition();
            offsets[i] = record.offset();
            float[] features = decision.features();
            userFeatures[i] =
                    features.length < USER_FEATURES
                            ? null
                            : java.util.Arrays.copyOf(features, USER_FEATURES);
        } else {
            duplicated.incrementAndGet();
        }
        if (times[i] < Byte.MAX_VALUE) {
            times[i]++;
        }
    }

    private void countDeadLetter(String source) {
        deadLetters.incrementAndGet();
        if (deadLetterTimes.merge(source, 1, Integer::sum) == 1) {
            distinctDeadLetters.incrementAndGet();
        } else {
            deadLettersDuplicated.incrementAndGet();
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

    void stop() {
        stopped = true;
    }

    /** Why the reader stopped on its own, or null. */
    Exception failure() {
        return failure;
    }
}
