package dev.slidr.local.cluster;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What an upgrade rehearsal found: what went in, what the {@code read_committed} billing reader saw
 * come out, the upgrade itself (versions, parallelism, savepoint, times) and whether the user-key
 * counters continued across it.
 *
 * @param clicks valid clicks streamed (distinct ids)
 * @param badRecords malformed records streamed
 * @param decisions decision records read
 * @param decidedClicks clicks with at least one decision
 * @param lost clicks with no decision
 * @param duplicated decisions beyond the first for a click
 * @param unexpected decisions for a click id the rehearsal never sent
 * @param deadLetters dead-letter records read
 * @param deadLettersLost malformed records with no dead letter
 * @param deadLettersDuplicated dead letters beyond the first for a record
 * @param upgrade the upgrade: versions, parallelism, savepoint, times
 * @param counters the user-key features compared with an uninterrupted computation
 * @param seconds wall time from the first click to the last check
 */
public record UpgradeSummary(
        long clicks,
        long badRecords,
        long decisions,
        long decidedClicks,
        long lost,
        long duplicated,
        long unexpected,
        long deadLetters,
        long deadLettersLost,
        long deadLettersDuplicated,
        Upgrade upgrade,
        Counters counters,
        double seconds) {

    /**
     * The upgrade.
     *
     * @param versionBefore the version the job reported before the upgrade
     * @param versionAfter the version the job reported after it
     * @param expectedVersionAfter the version the changed job jar declares
     * @param parallelismBefore the job's parallelism before
     * @param parallelismAfter the job's parallelism after
     * @param jobBefore the job id before
     * @param jobAfter the job id after
     * @param atClick clicks sent when the stop was requested
     * @param savepoint where the savepoint was written
     * @param savepointBytes its size on disk
     * @param stopSeconds from the stop request to the savepoint's completion (the job stopped)
     * @param restoreSeconds from the submission of the changed jar to its job running with its
     *     first checkpoint completed
     * @param decidedBefore clicks the job before the upgrade decided
     * @param decidedAfter clicks the job after the upgrade decided
     * @param error why the upgrade itself failed, or null
     */
    public record Upgrade(
            String versionBefore,
            String versionAfter,
            String expectedVersionAfter,
            int parallelismBefore,
            int parallelismAfter,
            String jobBefore,
            String jobAfter,
            long atClick,
            String savepoint,
            long savepointBytes,
            double stopSeconds,
            double restoreSeconds,
            long decidedBefore,
            long decidedAfter,
            String error) {}

    /**
     * The user-key features (clicks in 1 min, 5 min, 1 h, 24 h, velocity, seconds since the
     * previous click) of every scored decision, compared with the same feature stage run on one
     * machine over the same clicks in their order, without an upgrade.
     *
     * @param keysAcross user keys with clicks decided both before and after the upgrade
     * @param compared scored decisions compared
     * @param comparedAfter of them, decided after the upgrade for a key seen before it
     * @param mismatches decisions whose features differ from the uninterrupted computation
     * @param firstMismatch the first of them (click, feature, live and expected value), or null
     */
    public record Counters(
            long keysAcross,
            long compared,
            long comparedAfter,
            long mismatches,
            String firstMismatch) {}

    /**
     * True when every click has exactly one decision, every bad record one dead letter, the job
     * reported the new version after the upgrade, and the counters continued.
     */
    public boolean passed() {
        return lost == 0
                && duplicated == 0
                && unexpected == 0
                && deadLettersLost == 0
                && deadLettersDuplicated == 0
                && upgrade.error() == null
                && upgrade.versionAfter() != null
                && upgrade.versionAfter().equals(upgrade.expectedVersionAfter())
                && !upgrade.versionAfter().equals(upgrade.versionBefore())
                && counters.comparedAfter() > 0
                && counters.mismatches() == 0;
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
            long unexpected,
            long deadLetters,
            long deadLettersLost,
            long deadLettersDuplicated,
            Upgrade upgrade,
            Counters counters,
            double seconds) {
        Written(UpgradeSummary s, boolean passed) {
            this(
                    passed,
                    s.clicks,
                    s.badRecords,
                    s.decisions,
                    s.decidedClicks,
                    s.lost,
                    s.duplicated,
                    s.unexpected,
                    s.deadLetters,
                    s.deadLettersLost,
                    s.deadLettersDuplicated,
                    s.upgrade,
                    s.counters,
                    s.seconds);
        }
    }
}
