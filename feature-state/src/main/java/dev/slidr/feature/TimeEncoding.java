package dev.slidr.feature;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * Hour of day and day of week of a click in a configured time zone, each as a point (sin, cos) on
 * the unit circle, so that 23:00 sits next to 00:00 and Sunday next to Monday.
 *
 * <p>Hour {@code h} (0-23, whole hours of local time) maps to angle {@code 2 pi h / 24}; day {@code
 * d} (Monday = 0 ... Sunday = 6) to {@code 2 pi d / 7}. Thread-safe.
 */
public final class TimeEncoding {

    private static final float[] HOUR_SIN = new float[24];
    private static final float[] HOUR_COS = new float[24];
    private static final float[] DAY_SIN = new float[7];
    private static final float[] DAY_COS = new float[7];

    static {
        for (int h = 0; h < 24; h++) {
            HOUR_SIN[h] = (float) Math.sin(2 * Math.PI * h / 24);
            HOUR_COS[h] = (float) Math.cos(2 * Math.PI * h / 24);
        }
        for (int d = 0; d < 7; d++) {
            DAY_SIN[d] = (float) Math.sin(2 * Math.PI * d / 7);
            DAY_COS[d] = (float) Math.cos(2 * Math.PI * d / 7);
        }
    }

    private final ZoneId zone;
    private final ZoneRules rules;
    private final boolean fixedOffset;
    private final int fixedOffsetSeconds;

    /**
     * The offset period of the last lookup. Region rules search transitions (and a shared cache of
     * rules by year) per lookup; clicks come in time order, so one period answers nearly all. The
     * period is immutable, so a racy read sees a complete one; the worst case is a lookup.
     */
    private OffsetPeriod period = new OffsetPeriod(0, -1, 0);

    private record OffsetPeriod(long fromSecond, long untilSecond, int offsetSeconds) {}

    private TimeEncoding(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset();
        this.fixedOffsetSeconds =
                fixedOffset ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
    }

    /** The encoding in {@code zone}. */
    public static TimeEncoding in(ZoneId zone) {
        return new TimeEncoding(zone);
    }

    public ZoneId zone() {
        return zone;
    }

    /** Local hour of day, 0-23. */
    public int hourOfDay(long epochMillis) {
        long local = localSeconds(epochMillis);
        return (int) (Math.floorMod(local, 86_400L) / 3600);
    }

    /** Local day of week, Monday = 0 ... Sunday = 6. */
    public int dayOfWeek(long epochMillis) {
        long days = Math.floorDiv(localSeconds(epochMillis), 86_400L);
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        return (int) Math.floorMod(days + 3, 7L);
    }

    /** Writes hour sin, hour cos, day sin, day cos at {@code out[offset..offset+3]}. */
    public void encode(long epochMillis, float[] out, int offset) {
        long local = localSeconds(epochMillis);
        int hour = (int) (Math.floorMod(local, 86_400L) / 3600);
        int day = (int) Math.floorMod(Math.floorDiv(local, 86_400L) + 3, 7L);
        out[offset] = HOUR_SIN[hour];
        out[offset + 1] = HOUR_COS[hour];
        out[offset + 2] = DAY_SIN[day];
        out[offset + 3] = DAY_COS[day];
    }

    private long localSeconds(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        if (fixedOffset) {
            return seconds + fixedOffsetSeconds;
        }
        OffsetPeriod p = period;
        if (seconds < p.fromSecond() || seconds >= p.untilSecond()) {
            p = lookUp(seconds);
            period = p;
        }
        return seconds + p.offsetSeconds();
    }

    private OffsetPeriod lookUp(long seconds) {
        Instant instant = Instant.ofEpochSecond(seconds);
        int offset = rules.getOffset(instant).getTotalSeconds();
        // the period between the transitions around this instant has this one offset
        ZoneOffsetTransition next = rules.nextTransition(instant);
        ZoneOffsetTransition previous = rules.previousTransition(instant.plusSeconds(1));
        long from = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
        long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        return new OffsetPeriod(Math.min(from, seconds), Math.max(until, seconds + 1), offset);
    }
}
