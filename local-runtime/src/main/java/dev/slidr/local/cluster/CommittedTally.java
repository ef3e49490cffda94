package dev.slidr.local.cluster;

import dev.slidr.local.BillingReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What the soak's and the upgrade rehearsal's billing views ({@link BillingTally}, {@link
 * UpgradeTally}) share: a {@link BillingReader} ({@code read_committed}) on the decisions and
 * dead-letter topics on a thread of its own until {@link #stop}, the counts of decisions, decided
 * clicks, duplicates and dead letters per source record, and the wait for the last of them.
 */
abstract class CommittedTally implements Runnable {

    /** Progress lines while the run waits; may be interrupted. */
    @FunctionalInterface
    interface Report {
        void report() throws InterruptedException;
    }

    private final Properties client;
    private final String groupPrefix;
    final String decisionsTopic;
    final String deadLettersTopic;
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

    CommittedTally(
            Properties client, String groupPrefix, String decisionsTopic, String deadLettersTopic) {
        this.client = client;
        this.groupPrefix = groupPrefix;
        this.decisionsTopic = decisionsTopic;
        this.deadLettersTopic = deadLettersTopic;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(
                        client, groupPrefix, List.of(decisionsTopic, deadLettersTopic))) {
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
    abstract void accept(ConsumerRecord<byte[], byte[]> record);

    /**
     * Counts a decision for click {@code i}, whose decisions so far {@code times} keeps; returns
     * whether it is the click's first.
     */
    final boolean countClick(byte[] times, int i) {
        boolean first = times[i] == 0;
        if (first) {
            decidedClicks.incrementAndGet();
        } else {
            duplicated.incrementAndGet();
        }
        if (times[i] < Byte.MAX_VALUE) {
            times[i]++;
        }
        return first;
    }

    /**
     * Counts a dead letter of the source record {@code source} ({@code topic/partition/offset}).
     */
    final void countDeadLetter(String source) {
        deadLetters.incrementAndGet();
        if (deadLetterTimes.merge(source, 1, Integer::sum) == 1) {
            distinctDeadLetters.incrementAndGet();
        } else {
            deadLettersDuplicated.incrementAndGet();
        }
    }

    /**
     * Waits until {@code complete} holds, or until no decision or dead letter has come for {@code
     * quiet} (said on {@code progress} under {@code name}); reports every 10 s from {@code
     * nextReport} on.
     */
    final void awaitLast(
            BooleanSupplier complete,
            Duration quiet,
            long nextReport,
            PrintWriter progress,
            String name,
            Report report)
            throws InterruptedException {
        long lastSeen = -1;
        long quietSince = System.nanoTime();
        while (!complete.getAsBoolean()) {
            long seen = decisions.get() + deadLetters.get();
            if (seen != lastSeen) {
                lastSeen = seen;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > quiet.toNanos()) {
                progress.printf(
                        "%s: no new decisions for %d s; stopping%n", name, quiet.toSeconds());
                break;
            }
            Thread.sleep(1000);
            if (System.nanoTime() >= nextReport) {
                report.report();
                nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
        }
    }

    /**
     * Stops the reader and waits for its thread.
     *
     * @throws IOException when the reader had stopped on its own
     */
    final void stop(Thread reader) throws IOException, InterruptedException {
        stop();
        reader.join(30_000);
        if (failure != null) {
            throw new IOException("the billing reader failed: " + failure.getMessage(), failure);
        }
    }

    void stop() {
        stopped = true;
    }

    /** Why the reader stopped on its own, or null. */
    Exception failure() {
        return failure;
    }
}
