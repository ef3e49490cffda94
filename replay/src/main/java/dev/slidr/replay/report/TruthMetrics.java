package dev.slidr.replay.report;

/**
 * One side's decisions against the simulator's ground truth: a robot's click marked invalid is a
 * true positive. Clicks the truth does not know are counted apart and left out of both ratios.
 */
public record TruthMetrics(
        long truePositives, long falsePositives, long falseNegatives, long unknown) {

    /** Invalid clicks that were robots' among all invalid clicks; NaN when none is invalid. */
    public double precision() {
        long flagged = truePositives + falsePositives;
        return flagged == 0 ? Double.NaN : (double) truePositives / flagged;
    }

    /** Robots' clicks marked invalid among all robots' clicks; NaN when no robot clicked. */
    public double recall() {
        long robots = truePositives + falseNegatives;
        return robots == 0 ? Double.NaN : (double) truePositives / robots;
    }
}
