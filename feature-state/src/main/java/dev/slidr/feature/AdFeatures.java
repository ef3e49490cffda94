package dev.slidr.feature;

/**
 * The per-ad features of one click, as of the click's event time (see {@link AdCounters}): how much
 * traffic the clicked ad draws, and how much of it comes from visitors who are not logged in.
 *
 * @param clicks1h clicks on the ad in the 1-hour window (12 buckets of 5 min)
 * @param clicks24h clicks on the ad in the 24-hour window (24 buckets of 1 h)
 * @param anonymousClicks1h of those in the 1-hour window, clicks by visitors not logged in
 * @param anonymousClicks24h of those in the 24-hour window, clicks by visitors not logged in
 * @param late whether the click was late (older than the key's retention) and therefore not added
 */
public record AdFeatures(
        long clicks1h,
        long clicks24h,
        long anonymousClicks1h,
        long anonymousClicks24h,
        boolean late) {}
