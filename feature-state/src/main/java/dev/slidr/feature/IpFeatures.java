package dev.slidr.feature;

/**
 * The per-IP features of one click, as of the click's event time (see {@link IpCounters}).
 *
 * @param clicks1m clicks from the IP in the 1-minute window (6 buckets of 10 s)
 * @param clicks1h clicks in the 1-hour window (12 buckets of 5 min)
 * @param clicks24h clicks in the 24-hour window (24 buckets of 1 h)
 * @param distinctUsers1h distinct user keys ({@code Click.userKey()}) in the 1-hour window
 * @param distinctUsers24h distinct user keys in the 24-hour window
 * @param distinctSessions1h distinct session ids in the 1-hour window
 * @param distinctSessions24h distinct session ids in the 24-hour window
 * @param late whether the click was late (older than the key's retention) and therefore not added
 */
public record IpFeatures(
        long clicks1m,
        long clicks1h,
        long clicks24h,
        double distinctUsers1h,
        double distinctUsers24h,
        double distinctSessions1h,
        double distinctSessions24h,
        boolean late) {}
