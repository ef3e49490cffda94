package dev.slidr.feature;

/**
 * The per-user-key features of one click, as of the click's event time (see {@link UserCounters}).
 *
 * @param clicks1m clicks of the key in the 1-minute window (6 buckets of 10 s)
 * @param clicks5m clicks in the 5-minute window (5 buckets of 1 min)
 * @param clicks1h clicks in the 1-hour window (12 buckets of 5 min)
 * @param clicks24h clicks in the 24-hour window (24 buckets of 1 h)
 * @param velocity clicks per minute in the 1-minute window over the average clicks per minute in
 *     the 24-hour window: {@code clicks1m * 1440 / clicks24h}; 0 when {@code clicks24h} is 0
 * @param secondsSincePrevious seconds from the key's latest earlier click at or before this one to
 *     this click; {@link UserCounters#NO_PREVIOUS} when there is none or it is unknown
 * @param distinctAds1h distinct ad ids in the 1-hour window (exact up to {@link
 *     UserCounters#DISTINCT_CAPACITY} ids, then estimated)
 * @param distinctAdvertisers1h distinct advertiser ids in the 1-hour window (as ads)
 * @param late whether the click was late (older than the key's retention) and therefore not added
 */
public record UserFeatures(
        long clicks1m,
        long clicks5m,
        long clicks1h,
        long clicks24h,
        double velocity,
        double secondsSincePrevious,
        double distinctAds1h,
        double distinctAdvertisers1h,
        boolean late) {

    /** Velocity as defined above; shared with the reference implementation. */
    public static double velocity(long clicks1m, long clicks24h) {
        return clicks24h == 0 ? 0.0 : clicks1m * 1440.0 / clicks24h;
    }
}
