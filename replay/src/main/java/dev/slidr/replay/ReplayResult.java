package dev.slidr.replay;

import dev.slidr.replay.report.DiffReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What a replay did.
 *
 * @param replayId the id on every correction
 * @param read click records read in the warm-up and the window
 * @param warmed clicks before the window that only updated state
 * @param decided clicks of the window that were decided
 * @param repeated clicks whose id the job had seen before (in the warm-up, the window or after it),
 *     held back by its dedupe stage and never decided twice
 * @param outside rows of the files outside the warm-up and the window, skipped while reading (0 for
 *     a topic)
 * @param deadLetters records rejected, written to {@code dead-letters.jsonl}
 * @param corrections corrections written (and published)
 * @param report the diff against the baseline
 * @param files the files written under the output directory
 */
public record ReplayResult(
        String replayId,
        long read,
        long warmed,
        long decided,
        long repeated,
        long outside,
        long deadLetters,
        long corrections,
        DiffReport report,
        List<Path> files) {

    public ReplayResult {
        files = List.copyOf(files);
    }

    /** This result with {@code files} as the files written. */
    public ReplayResult withFiles(List<Path> files) {
        return new ReplayResult(
                replayId,
                read,
                warmed,
                decided,
                repeated,
                outside,
                deadLetters,
                corrections,
                report,
                files);
    }
}
