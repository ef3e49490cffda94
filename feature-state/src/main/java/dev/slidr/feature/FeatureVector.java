package dev.slidr.feature;

import static dev.slidr.feature.FeatureSchema.*;

import dev.slidr.contract.Click;

/**
 * Assembles the {@link FeatureSchema#CURRENT} vector of a click from its user, ad and IP features,
 * its time (in the configured zone), logged-in status and device. Counts are written raw:
 * normalization is part of the model.
 *
 * <pre>{@code
 * float[] x = FeatureVector.assemble(userFeatures, adFeatures, ipFeatures, click, TimeEncoding.in(zone));
 * }</pre>
 */
public final class FeatureVector {

    private FeatureVector() {}

    /** A new vector of {@link FeatureSchema#CURRENT} size. */
    public static float[] assemble(
            UserFeatures user, AdFeatures ad, IpFeatures ip, Click click, TimeEncoding time) {
        float[] out = new float[CURRENT.size()];
        write(user, ad, ip, click, time, out, 0);
        return out;
    }

    /** Writes the vector at {@code out[offset .. offset + CURRENT.size())}, e.g. into a batch. */
    public static void write(
            UserFeatures user,
            AdFeatures ad,
            IpFeatures ip,
            Click click,
            TimeEncoding time,
            float[] out,
            int offset) {
        out[offset + USER_CLICKS_1M] = user.clicks1m();
        out[offset + USER_CLICKS_5M] = user.clicks5m();
        out[offset + USER_CLICKS_1H] = user.clicks1h();
        out[offset + USER_CLICKS_24H] = user.clicks24h();
        out[offset + USER_VELOCITY] = (float) user.velocity();
        out[offset + USER_SECONDS_SINCE_PREVIOUS] = (float) user.secondsSincePrevious();
        out[offset + USER_DISTINCT_ADS_1H] = (float) user.distinctAds1h();
        out[offset + USER_DISTINCT_ADVERTISERS_1H] = (float) user.distinctAdvertisers1h();
        out[offset + IP_CLICKS_1M] = ip.clicks1m();
        out[offset + IP_CLICKS_1H] = ip.clicks1h();
        out[offset + IP_CLICKS_24H] = ip.clicks24h();
        out[offset + IP_DISTINCT_USERS_1H] = (float) ip.distinctUsers1h();
        out[offset + IP_DISTINCT_USERS_24H] = (float) ip.distinctUsers24h();
        out[offset + IP_DISTINCT_SESSIONS_1H] = (float) ip.distinctSessions1h();
        out[offset + IP_DISTINCT_SESSIONS_24H] = (float) ip.distinctSessions24h();
        time.encode(click.ts(), out, offset + HOUR_SIN);
        out[offset + LOGGED_IN] = click.loggedIn() ? 1f : 0f;
        out[offset + DEVICE_DESKTOP] = 0f;
        out[offset + DEVICE_MOBILE] = 0f;
        out[offset + DEVICE_APP] = 0f;
        out[offset + DEVICE_OTHER] = 0f;
        int device =
                switch (click.device()) {
                    case DESKTOP -> DEVICE_DESKTOP;
                    case MOBILE -> DEVICE_MOBILE;
                    case APP -> DEVICE_APP;
                    case OTHER -> DEVICE_OTHER;
                };
        out[offset + device] = 1f;
        out[offset + AD_CLICKS_1H] = ad.clicks1h();
        out[offset + AD_CLICKS_24H] = ad.clicks24h();
        out[offset + AD_ANONYMOUS_CLICKS_1H] = ad.anonymousClicks1h();
        out[offset + AD_ANONYMOUS_CLICKS_24H] = ad.anonymousClicks24h();
    }
}
