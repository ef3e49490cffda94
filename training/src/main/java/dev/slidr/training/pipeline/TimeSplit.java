package dev.slidr.training.pipeline;

/**
 * The split of a time range into training, validation and holdout parts, by event time: holdout is
 * the last day (24 h before the end), validation the day before it, training everything earlier. A
 * range shorter than three days is split by fractions instead: training the first 60 %, validation
 * the next 20 %, holdout the last 20 %.
 *
 * @param start first millisecond of the range
 * @param validationStart first millisecond of validation
 * @param holdoutStart first millisecond of holdout
 * @param end end of the range, exclusive
 * @param byDay true when split by whole days, false when by fractions
 */
public record TimeSplit(
        long start, long validationStart, long holdoutStart, long end, boolean byDay) {

    public static final long DAY_MS = 86_400_000L;

    /** Which part a click belongs to. */
    public enum Part {
        TRAIN,
        VALIDATION,
        HOLDOUT
    }

    public TimeSplit {
        if (!(start <= validationStart && validationStart <= holdoutStart && holdoutStart < end)) {
            throw new IllegalArgumentException(
                    "split boundaries out of order: "
                            + start
                            + ", "
                            + validationStart
                            + ", "
                            + holdoutStart
                            + ", "
                            + end);
        }
    }

    /** The split of {@code [start, end)}. */
    public static TimeSplit of(long start, long end) {
        if (end <= start) {
            throw new IllegalArgumentException(
                    "empty time range: start " + start + " is not before end " + end);
        }
        if (end - start >= 3 * DAY_MS) {
            return new TimeSplit(start, end - 2 * DAY_MS, end - DAY_MS, end, true);
        }
        long span = end - start;
        return new TimeSplit(start, start + span * 6 / 10, start + span * 8 / 10, end, false);
    }

    /** The part of a click at {@code ts}, which must lie in the range. */
    public Part part(long ts) {
        if (ts < start || ts >= end) {
            throw new IllegalArgumentException("time " + ts + " is outside the split range");
        }
        if (ts >= holdoutStart) {
            return Part.HOLDOUT;
        }
        return ts >= validationStart ? Part.VALIDATION : Part.TRAIN;
    }
}
