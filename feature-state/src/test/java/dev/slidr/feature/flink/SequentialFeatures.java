package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdCounters;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.FeatureVector;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.feature.UserCounters;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The feature core run the plain way, one click after another in a hash map: what the Flink stages
 * must reproduce for the same per-key arrival order.
 */
final class SequentialFeatures {

    private final Map<String, UserCounters> users = new HashMap<>();
    private final Map<String, AdCounters> ads = new HashMap<>();
    private final Map<String, IpCounters> ips = new HashMap<>();
    private final TimeEncoding time = TimeEncoding.in(ZoneOffset.UTC);

    UserFeaturedClick user(Click click) {
        UserCounters state = users.computeIfAbsent(click.userKey(), key -> new UserCounters());
        return new UserFeaturedClick(click, state.add(click));
    }

    AdFeaturedClick ad(UserFeaturedClick record) {
        Click click = record.click();
        AdCounters state = ads.computeIfAbsent(click.adId(), key -> new AdCounters());
        return new AdFeaturedClick(click, record.user(), state.add(click), record.readMicros());
    }

    FeaturedClick ip(AdFeaturedClick record) {
        Click click = record.click();
        IpCounters state = ips.computeIfAbsent(click.ip(), key -> new IpCounters());
        IpFeatures ip = state.add(click);
        return new FeaturedClick(
                click,
                FeatureSchema.CURRENT.version(),
                FeatureVector.assemble(record.user(), record.ad(), ip, click, time),
                record.user().late() || record.ad().late() || ip.late());
    }

    FeaturedClick featured(Click click) {
        return ip(ad(user(click)));
    }

    UserCounters userState(String userKey) {
        return users.get(userKey);
    }

    AdCounters adState(String adId) {
        return ads.get(adId);
    }

    IpCounters ipState(String ip) {
        return ips.get(ip);
    }

    /** Forgets a user key, as the stage does when its state is dropped. */
    void dropUser(String userKey) {
        users.remove(userKey);
    }

    void dropAd(String adId) {
        ads.remove(adId);
    }

    void dropIp(String ip) {
        ips.remove(ip);
    }
}
