package dev.slidr.replay.report;

/** The diff of one slice; the truth metrics are null when no ground truth was given. */
public record SliceDiff(
        String slice, DiffCounts counts, TruthMetrics truthBefore, TruthMetrics truthAfter) {}
