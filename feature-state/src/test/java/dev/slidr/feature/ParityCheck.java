package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a click stream through the incremental states and the naive references, key by key, and
 * checks every click's features: counters equal exactly; distinct counts equal while their window
 * is exact and lie within {@link #SIGMAS} standard errors otherwise.
 */
final class ParityCheck {

    static final double SIGMAS = 4.5;

    private final Map<String, UserCounters> users = new HashMap<>();
    private final Map<String, NaiveUserFeatures> naiveUsers = new HashMap<>();
    private final Map<String, IpCounters> ips = new HashMap<>();
    private final Map<String, NaiveIpFeatures> naiveIps = new HashMap<>();
    private final Map<String, AdCounters> ads = new HashMap<>();
    private final Map<String, NaiveAdFeatures> naiveAds = new HashMap<>();
    private final int restoreEvery;
    private int clicks;
    int sampledComparisons;
    int exactComparisons;
    int lateClicks;

    /**
     * {@code restoreEvery > 0}: round-trip the key's state through bytes every that many clicks.
     */
    ParityCheck(int restoreEvery) {
        this.restoreEvery = restoreEvery;
    }

    void run(List<Click> stream) {
        stream.forEach(this::check);
    }

    void check(Click click) {
        clicks++;
        boolean restore = restoreEvery > 0 && clicks % restoreEvery == 0;
        UserCounters user = users.computeIfAbsent(click.userKey(), k -> new UserCounters());
        IpCounters ip = ips.computeIfAbsent(click.ip(), k -> new IpCounters());
        AdCounters ad = ads.computeIfAbsent(click.adId(), k -> new AdCounters());
        if (restore) {
            user = roundTrip(user);
            ip = roundTrip(ip);
            ad = roundTrip(ad);
            users.put(click.userKey(), user);
            ips.put(click.ip(), ip);
            ads.put(click.adId(), ad);
        }
        UserFeatures actualUser = user.add(click);
        UserFeatures expectedUser =
                naiveUsers
                        .computeIfAbsent(click.userKey(), k -> new NaiveUserFeatures())
                        .add(click);
        IpFeatures actualIp = ip.add(click);
        IpFeatures expectedIp =
                naiveIps.computeIfAbsent(click.ip(), k -> new NaiveIpFeatures()).add(click);
        AdFeatures actualAd = ad.add(click);
        AdFeatures expectedAd =
                naiveAds.computeIfAbsent(click.adId(), k -> new NaiveAdFeatures()).add(click);
        if (actualUser.late() || actualIp.late()) {
            lateClicks++;
        }

        String where = "click " + clicks + " " + click;
        assertThat(actualUser.late()).as(where).isEqualTo(expectedUser.late());
        assertThat(actualUser.clicks1m()).as(where).isEqualTo(expectedUser.clicks1m());
        assertThat(actualUser.clicks5m()).as(where).isEqualTo(expectedUser.clicks5m());
        assertThat(actualUser.clicks1h()).as(where).isEqualTo(expectedUser.clicks1h());
        assertThat(actualUser.clicks24h()).as(where).isEqualTo(expectedUser.clicks24h());
        assertThat(actualUser.velocity()).as(where).isEqualTo(expectedUser.velocity());
        assertThat(actualUser.secondsSincePrevious())
                .as(where)
                .isEqualTo(expectedUser.secondsSincePrevious());
        long ts = click.ts();
        distinct(
                where + " ads",
                actualUser.distinctAds1h(),
                expectedUser.distinctAds1h(),
                user.adsLevel(ts));
        distinct(
                where + " advertisers",
                actualUser.distinctAdvertisers1h(),
                expectedUser.distinctAdvertisers1h(),
                user.advertisersLevel(ts));

        // every ad feature is an exact count
        assertThat(actualAd).as(where).isEqualTo(expectedAd);

        assertThat(actualIp.late()).as(where).isEqualTo(expectedIp.late());
        assertThat(actualIp.clicks1m()).as(where).isEqualTo(expectedIp.clicks1m());
        assertThat(actualIp.clicks1h()).as(where).isEqualTo(expectedIp.clicks1h());
        assertThat(actualIp.clicks24h()).as(where).isEqualTo(expectedIp.clicks24h());
        int[] levels = ip.distinctLevels(ts);
        distinct(
                where + " users 1h",
                actualIp.distinctUsers1h(),
                expectedIp.distinctUsers1h(),
                levels[0]);
        distinct(
                where + " users 24h",
                actualIp.distinctUsers24h(),
                expectedIp.distinctUsers24h(),
                levels[1]);
        distinct(
                where + " sessions 1h",
                actualIp.distinctSessions1h(),
                expectedIp.distinctSessions1h(),
                levels[2]);
        distinct(
                where + " sessions 24h",
                actualIp.distinctSessions24h(),
                expectedIp.distinctSessions24h(),
                levels[3]);
    }

    private void distinct(String where, double actual, double expected, int level) {
        if (level == 0) {
            exactComparisons++;
            assertThat(actual).as(where).isEqualTo(expected);
        } else {
            sampledComparisons++;
            double sigma = Math.sqrt(expected * (Math.pow(2, level) - 1));
            assertThat(Math.abs(actual - expected))
                    .as(where + " at sampling level " + level)
                    .isLessThanOrEqualTo(SIGMAS * sigma);
        }
    }

    private static UserCounters roundTrip(UserCounters state) {
        try {
            return UserCounters.readFrom(
                    StateSerializationTest.input(StateSerializationTest.userBytes(state)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AdCounters roundTrip(AdCounters state) {
        try {
            return AdCounters.readFrom(StateSerializationTest.input(AdCountersTest.bytes(state)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IpCounters roundTrip(IpCounters state) {
        try {
            return IpCounters.readFrom(
                    StateSerializationTest.input(StateSerializationTest.ipBytes(state)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
