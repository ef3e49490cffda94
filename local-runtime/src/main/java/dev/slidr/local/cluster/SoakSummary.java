package dev.slidr.local.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        Settings settings) {

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
     * True when every click has exactly one decision, every bad record one dead letter, and every
     * fault recovered.
     */
    public boolean passed() {
        return lost == 0
                && duplicated == 0
                && deadLettersLost == 0
                && deadLettersDuplicated == 0
                && unexpected == 0
                && faults.stream().allMatch(f -> f.recoverySeconds() >= 0 && f.error() == null);
    }

    /** The summary as JSON (snake_case keys), with {@code passed}. */
    public String toJson() throws IOException {
        ObjectMapper json =
                new ObjectMapper()
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .enable(SerializationFeature.INDENT_OUTPUT);
        return json.writeValueAsString(new Written(this, passed()));
    }

    /** Writes {@link #toJson} to {@code file}. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson() + "\n");
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
            Settings settings) {
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
                    s.settings);
        }
    }
}
