package dev.slidr.local.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slidr.contract.ReasonCode;
import dev.slidr.simulator.hostile.HostileKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a soak found: what went in, what the {@code read_committed} billing reader saw come out, and
 * each fault with the time the job took to recover from it.
 *
 * @param clicks valid clicks streamed (distinct ids)
 * @param badRecords malformed records streamed
 * @param decisions decision records read
 * @param decidedClicks clicks with at least one decision
 * @param lost clicks with no decision
 * @param duplicated decisions beyond the first for a click
 * @param deadLetters dead-letter records read
 * @param deadLettersLost malformed records with no dead letter
 * @param deadLettersDuplicated dead letters beyond the first for a record
 * @param unexpected decisions for a click id the soak never sent
 * @param faults each injected fault, in order
 * @param jobRestarts restarts of the job that ran last (a job manager restart starts a new job)
 * @param seconds wall time from the first click to the last check
 * @param settings the run's shape (parallelism, task managers, rate, checkpoint interval, seed)
 * @param hostile the hostile corpus's records and what became of them; null when none were sent
 */
public record SoakSummary(
        long clicks,
        long badRecords,
        long decisions,
        long decidedClicks,
        long lost,
        long duplicated,
        long deadLetters,
        long deadLettersLost,
        long deadLettersDuplicated,
        long unexpected,
        List<Fault> faults,
        long jobRestarts,
        double seconds,
        Settings settings,
        Hostile hostile) {

    /** A summary of a soak without the hostile corpus. */
    public SoakSummary(
            long clicks,
            long badRecords,
            long decisions,
            long decidedClicks,
            long lost,
            long duplicated,
            long deadLetters,
            long deadLettersLost,
            long deadLettersDuplicated,
            long unexpected,
            List<Fault> faults,
            long jobRestarts,
            double seconds,
            Settings settings) {
        this(
                clicks,
                badRecords,
                decisions,
                decidedClicks,
                lost,
                duplicated,
                deadLetters,
                deadLettersLost,
                deadLettersDuplicated,
                unexpected,
                faults,
                jobRestarts,
                seconds,
                settings,
                null);
    }

    /**
     * The hostile corpus in a soak: its records, the valid clicks among them and their decisions,
     * the dead letters they must have and how many came with the expected reason, and the same per
     * kind.
     *
     * @param records hostile records sent
     * @param clicks those that are valid clicks (IPv6 forms, allowed empty values)
     * @param clicksDecided of those, the ones with a decision
     * @param clicksDuplicated decisions beyond the first for one of them
     * @param deadLettersExpected records that must be dead letters
     * @param deadLettersRight of those, the ones whose dead letter has the expected reason
     * @param deadLettersWrongReason the ones whose dead letter has another reason
     * @param deadLettersMissing the ones with no dead letter
     * @param kinds the same per kind, in the corpus's order
     */
    public record Hostile(
            long records,
            long clicks,
            long clicksDecided,
            long clicksDuplicated,
            long deadLettersExpected,
            long deadLettersRight,
            long deadLettersWrongReason,
            long deadLettersMissing,
            List<Kind> kinds) {

        /** True when every valid one was decided once and every other one has its reason. */
        public boolean passed() {
            return clicksDecided == clicks
                    && clicksDuplicated == 0
                    && deadLettersRight == deadLettersExpected;
        }

        /**
         * What a soak's check found for the hostile records: {@code bySource} (records that must be
         * dead letters, by source coordinates) against the tally's first reason per source, {@code
         * clicksById} (records that are clicks) against the tally's decisions per id.
         */
        static Hostile tally(
                long records,
                Map<String, SoakTraffic.HostileLabel> bySource,
                Map<String, SoakTraffic.HostileLabel> clicksById,
                Map<String, ReasonCode> reasonBySource,
                Map<String, Integer> decisionsById) {
            Map<HostileKind, Kind.Builder> kinds = new EnumMap<>(HostileKind.class);
            long right = 0;
            long wrong = 0;
            long missing = 0;
            for (Map.Entry<String, SoakTraffic.HostileLabel> e : bySource.entrySet()) {
                SoakTraffic.HostileLabel label = e.getValue();
                ReasonCode got = reasonBySource.get(e.getKey());
                Kind.Builder kind = kinds.computeIfAbsent(label.kind(), k -> new Kind.Builder());
                kind.records++;
                kind.expected.merge(label.expected().wireName(), 1L, Long::sum);
                kind.got.merge(got == null ? "none" : got.wireName(), 1L, Long::sum);
                if (got == null) {
                    missing++;
                } else if (got == label.expected()) {
                    right++;
                } else {
                    wrong++;
                }
            }
            long decided = 0;
            long duplicated = 0;
            for (Map.Entry<String, SoakTraffic.HostileLabel> e : clicksById.entrySet()) {
                Kind.Builder kind =
                        kinds.computeIfAbsent(e.getValue().kind(), k -> new Kind.Builder());
                kind.records++;
                kind.clicks++;
                int times = decisionsById.getOrDefault(e.getKey(), 0);
                if (times > 0) {
                    decided++;
                    kind.clicksDecided++;
                    duplicated += times - 1;
                }
            }
            List<Kind> perKind = new ArrayList<>();
            kinds.forEach((k, b) -> perKind.add(b.build(k.wireName())));
            return new Hostile(
                    records,
                    clicksById.size(),
                    decided,
                    duplicated,
                    bySource.size(),
                    right,
                    wrong,
                    missing,
                    perKind);
        }
    }

    /**
     * One kind of the hostile corpus.
     *
     * @param kind its name ({@code HostileKind.wireName})
     * @param records records of this kind sent
     * @param clicks those that are valid clicks
     * @param clicksDecided of those, the ones with a decision
     * @param expected the dead-letter reasons they must have, counted
     * @param got the reasons their dead letters have, counted ({@code none}: no dead letter)
     */
    public record Kind(
            String kind,
            long records,
            long clicks,
            long clicksDecided,
            Map<String, Long> expected,
            Map<String, Long> got) {

        /** Counts one kind as the tally meets its records. */
        private static final class Builder {
            long records;
            long clicks;
            long clicksDecided;
            final Map<String, Long> expected = new TreeMap<>();
            final Map<String, Long> got = new TreeMap<>();

            Kind build(String kind) {
                return new Kind(kind, records, clicks, clicksDecided, expected, got);
            }
        }
    }

    /**
     * One injected fault.
     *
     * @param kind its name ({@link FaultKind#option})
     * @param target what it hit (a task manager, a broker id, a job id)
     * @param atClick clicks sent when it was injected
     * @param atSeconds seconds since the first click
     * @param recoverySeconds from the fault to the first checkpoint completed after it ended; -1
     *     when the job did not recover within the timeout
     * @param jobRestarts restarts of the job while it recovered (of the new job, after a job
     *     manager restart)
     * @param error why the injection itself failed, or null
     */
    public record Fault(
            String kind,
            String target,
            long atClick,
            double atSeconds,
            double recoverySeconds,
            long jobRestarts,
            String error) {}

    /** The run's shape. */
    public record Settings(
            int parallelism,
            int taskManagers,
            int brokers,
            double rate,
            String checkpointInterval,
            long seed,
            String run) {}

    /**
     * True when every click has exactly one decision, every bad record one dead letter, every fault
     * recovered, the job did not restart when no fault was injected, and every hostile record met
     * its label.
     */
    public boolean passed() {
        return lost == 0
                && (!faults.isEmpty() || jobRestarts == 0)
                && (hostile == null || hostile.passed())
                && duplicated == 0
                && deadLettersLost == 0
                && deadLettersDuplicated == 0
                && unexpected == 0
                && faults.stream().allMatch(f -> f.recoverySeconds() >= 0 && f.error() == null);
    }

    /** The summary as JSON (snake_case keys), with {@code passed}. */
    public String toJson() throws IOException {
        return SummaryJson.toJson(new Written(this, passed()));
    }

    /** Writes {@link #toJson} to {@code file}. */
    public void write(Path file) throws IOException {
        SummaryJson.write(file, toJson());
    }

    /** The JSON layout: the verdict first, then the summary's fields. */
    private record Written(
            boolean passed,
            long clicks,
            long badRecords,
            long decisions,
            long decidedClicks,
            long lost,
            long duplicated,
            long deadLetters,
            long deadLettersLost,
            long deadLettersDuplicated,
            long unexpected,
            List<Fault> faults,
            long jobRestarts,
            double seconds,
            Settings settings,
            @JsonInclude(JsonInclude.Include.NON_NULL) Hostile hostile) {
        Written(SoakSummary s, boolean passed) {
            this(
                    passed,
                    s.clicks,
                    s.badRecords,
                    s.decisions,
                    s.decidedClicks,
                    s.lost,
                    s.duplicated,
                    s.deadLetters,
                    s.deadLettersLost,
                    s.deadLettersDuplicated,
                    s.unexpected,
                    s.faults,
                    s.jobRestarts,
                    s.seconds,
                    s.settings,
                    s.hostile);
        }
    }
}
