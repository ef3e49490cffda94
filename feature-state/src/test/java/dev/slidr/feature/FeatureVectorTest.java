package dev.slidr.feature;

import static dev.slidr.feature.FeatureSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {

    // Distinct values per feature, so a feature written to the wrong slot is caught.
    private static final UserFeatures USER = new UserFeatures(1, 2, 3, 4, 5.5, 6.25, 7, 8, false);
    private static final IpFeatures IP = new IpFeatures(9, 10, 11, 12, 13, 14, 15, false);
    private static final AdFeatures AD = new AdFeatures(16, 17, 18, 19, false);
    private static final TimeEncoding UTC = TimeEncoding.in(ZoneOffset.UTC);

    // Monday 2026-03-02 06:00 UTC: hour angle pi/2, day angle 0
    private static final Instant MONDAY_SIX = Instant.parse("2026-03-02T06:00:00Z");

    private static float[] vector(Click click) {
        return FeatureVector.assemble(USER, AD, IP, click, UTC);
    }

    private static Click click() {
        return Clicks.click("alice", "10.0.0.1", MONDAY_SIX);
    }

    @Test
    void hasTheSchemaSize() {
        assertThat(vector(click())).hasSize(CURRENT.size());
    }

    @Test
    void userClicks1m() {
        assertThat(vector(click())[USER_CLICKS_1M]).isEqualTo(1f);
    }

    @Test
    void userClicks5m() {
        assertThat(vector(click())[USER_CLICKS_5M]).isEqualTo(2f);
    }

    @Test
    void userClicks1h() {
        assertThat(vector(click())[USER_CLICKS_1H]).isEqualTo(3f);
    }

    @Test
    void userClicks24h() {
        assertThat(vector(click())[USER_CLICKS_24H]).isEqualTo(4f);
    }

    @Test
    void userVelocity() {
        assertThat(vector(click())[USER_VELOCITY]).isEqualTo(5.5f);
    }

    @Test
    void userSecondsSincePrevious() {
        assertThat(vector(click())[USER_SECONDS_SINCE_PREVIOUS]).isEqualTo(6.25f);
    }

    @Test
    void userDistinctAds1h() {
        assertThat(vector(click())[USER_DISTINCT_ADS_1H]).isEqualTo(7f);
    }

    @Test
    void userDistinctAdvertisers1h() {
        assertThat(vector(click())[USER_DISTINCT_ADVERTISERS_1H]).isEqualTo(8f);
    }

    @Test
    void ipClicks1m() {
        assertThat(vector(click())[IP_CLICKS_1M]).isEqualTo(9f);
    }

    @Test
    void ipClicks1h() {
        assertThat(vector(click())[IP_CLICKS_1H]).isEqualTo(10f);
    }

    @Test
    void ipClicks24h() {
        assertThat(vector(click())[IP_CLICKS_24H]).isEqualTo(11f);
    }

    @Test
    void ipDistinctUsers1h() {
        assertThat(vector(click())[IP_DISTINCT_USERS_1H]).isEqualTo(12f);
    }

    @Test
    void ipDistinctUsers24h() {
        assertThat(vector(click())[IP_DISTINCT_USERS_24H]).isEqualTo(13f);
    }

    @Test
    void ipDistinctSessions1h() {
        assertThat(vector(click())[IP_DISTINCT_SESSIONS_1H]).isEqualTo(14f);
    }

    @Test
    void ipDistinctSessions24h() {
        assertThat(vector(click())[IP_DISTINCT_SESSIONS_24H]).isEqualTo(15f);
    }

    @Test
    void adClicks1h() {
        assertThat(vector(click())[AD_CLICKS_1H]).isEqualTo(16f);
    }

    @Test
    void adClicks24h() {
        assertThat(vector(click())[AD_CLICKS_24H]).isEqualTo(17f);
    }

    @Test
    void adAnonymousClicks1h() {
        assertThat(vector(click())[AD_ANONYMOUS_CLICKS_1H]).isEqualTo(18f);
    }

    @Test
    void adAnonymousClicks24h() {
        assertThat(vector(click())[AD_ANONYMOUS_CLICKS_24H]).isEqualTo(19f);
    }

    @Test
    void hourOfDayAsSinAndCos() {
        float[] x = vector(click());
        assertThat(x[HOUR_SIN]).isEqualTo(1f);
        assertThat(Math.abs(x[HOUR_COS])).isLessThan(1e-6f);
    }

    @Test
    void dayOfWeekAsSinAndCos() {
        float[] x = vector(Clicks.click("alice", "ip", Instant.parse("2026-03-04T06:00:00Z")));
        // Wednesday = 2
        assertThat(x[DAY_OF_WEEK_SIN]).isEqualTo((float) Math.sin(2 * Math.PI * 2 / 7));
        assertThat(x[DAY_OF_WEEK_COS]).isEqualTo((float) Math.cos(2 * Math.PI * 2 / 7));
    }

    @Test
    void timeFollowsTheConfiguredZone() {
        float[] x =
                FeatureVector.assemble(
                        USER, AD, IP, click(), TimeEncoding.in(ZoneOffset.ofHours(-6)));
        // 06:00 UTC is Monday 00:00 at UTC-6
        assertThat(x[HOUR_SIN]).isEqualTo(0f);
        assertThat(x[HOUR_COS]).isEqualTo(1f);
    }

    @Test
    void loggedIn() {
        assertThat(vector(click())[LOGGED_IN]).isEqualTo(1f);
        Click anonymous = Clicks.builder("alice", "ip", MONDAY_SIX).anonymous().build();
        assertThat(vector(anonymous)[LOGGED_IN]).isEqualTo(0f);
    }

    @Test
    void deviceIsOneHot() {
        int[] slots = {DEVICE_DESKTOP, DEVICE_MOBILE, DEVICE_APP, DEVICE_OTHER};
        for (Device device : Device.values()) {
            float[] x = vector(Clicks.builder("alice", "ip", MONDAY_SIX).device(device).build());
            for (int i = 0; i < slots.length; i++) {
                assertThat(x[slots[i]])
                        .as("%s slot %d", device, i)
                        .isEqualTo(i == device.ordinal() ? 1f : 0f);
            }
        }
    }

    @Test
    void writesIntoABatchAtAnOffsetAndOverwritesStaleValues() {
        float[] batch = new float[3 * CURRENT.size()];
        Arrays.fill(batch, 99f);
        Click mobile = Clicks.builder("alice", "ip", MONDAY_SIX).device(Device.MOBILE).build();
        FeatureVector.write(USER, AD, IP, mobile, UTC, batch, CURRENT.size());

        assertThat(batch[CURRENT.size() - 1]).isEqualTo(99f);
        assertThat(batch[2 * CURRENT.size()]).isEqualTo(99f);
        assertThat(batch[CURRENT.size() + USER_CLICKS_1M]).isEqualTo(1f);
        assertThat(batch[CURRENT.size() + DEVICE_DESKTOP]).isEqualTo(0f);
        assertThat(batch[CURRENT.size() + DEVICE_MOBILE]).isEqualTo(1f);
    }

    @Test
    void buildsFromRealStateEndToEnd() {
        UserCounters user = new UserCounters();
        AdCounters ad = new AdCounters();
        IpCounters ip = new IpCounters();
        Click first = Clicks.click("alice", "10.0.0.1", MONDAY_SIX);
        user.add(first);
        ad.add(first);
        ip.add(first);
        // someone else, not logged in, on the same ad from elsewhere
        ad.add(Clicks.builder("x", "10.0.0.9", MONDAY_SIX.plusSeconds(5)).anonymous().build());
        Click second = Clicks.click("alice", "10.0.0.1", MONDAY_SIX.plusSeconds(12));
        float[] x =
                FeatureVector.assemble(
                        user.add(second), ad.add(second), ip.add(second), second, UTC);

        assertThat(x[USER_CLICKS_1M]).isEqualTo(2f);
        assertThat(x[USER_SECONDS_SINCE_PREVIOUS]).isEqualTo(12f);
        assertThat(x[IP_DISTINCT_USERS_24H]).isEqualTo(1f);
        assertThat(x[USER_VELOCITY]).isEqualTo(1440f);
        assertThat(x[AD_CLICKS_1H]).isEqualTo(3f);
        assertThat(x[AD_ANONYMOUS_CLICKS_24H]).isEqualTo(1f);
    }
}
