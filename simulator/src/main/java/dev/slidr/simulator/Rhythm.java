package dev.slidr.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Relative activity for every hour of a run (mean 1 over a week), computed once in local time so
 * that daylight-saving changes and time zones are handled by {@code java.time}, not by hand.
 */
final class Rhythm {

    private static final Rhythm FLAT = new Rhythm(null, 1.0);

    private final double[] perHour;
    private final double max;

    private Rhythm(double[] perHour, double max) {
        this.perHour = perHour;
        this.max = max;
    }

    /** No rhythm: the same activity at every hour. */
    static Rhythm flat() {
        return FLAT;
    }

    /** The human rhythm: hour-of-day weight times day-of-week weight, each normalized to mean 1. */
    static Rhythm diurnal(
            long startMs, int hours, ZoneId zone, List<Double> hourly, List<Double> weekday) {
        double[] h = normalized(hourly);
        double[] d = normalized(weekday);
        double[] perHour = new double[hours];
        double max = 0;
        for (int i = 0; i < hours; i++) {
            ZonedDateTime local = Instant.ofEpochMilli(startMs + i * 3_600_000L).atZone(zone);
            perHour[i] = h[local.getHour()] * d[local.getDayOfWeek().getValue() - 1];
            max = Math.max(max, perHour[i]);
        }
        return new Rhythm(perHour, max);
    }

    /** Active only during a daily shift of local hours (every day of the week). */
    static Rhythm shift(long startMs, int hours, ZoneId zone, int startHour, int length) {
        double[] perHour = new double[hours];
        double level = 24.0 / length;
        double max = 0;
        for (int i = 0; i < hours; i++) {
            int hour = Instant.ofEpochMilli(startMs + i * 3_600_000L).atZone(zone).getHour();
            int sinceStart = Math.floorMod(hour - startHour, 24);
            perHour[i] = sinceStart < length ? level : 0.0;
            max = Math.max(max, perHour[i]);
        }
        return new Rhythm(perHour, max);
    }

    boolean isFlat() {
        return perHour == null;
    }

    double max() {
        return max;
    }

    /** Activity in the given hour of the run. */
    double at(int hourOfRun) {
        if (perHour == null) {
            return 1.0;
        }
        return perHour[Math.min(hourOfRun, perHour.length - 1)];
    }

    private static double[] normalized(List<Double> weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] out = new double[weights.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = weights.get(i) * out.length / sum;
        }
        return out;
    }
}
