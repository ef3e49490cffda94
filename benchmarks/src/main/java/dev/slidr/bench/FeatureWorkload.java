package dev.slidr.bench;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdCounters;
import dev.slidr.feature.AdFeatures;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.FeatureVector;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.ItemHash;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The clicks of {@link SyntheticTraffic} replayed in a loop into per-key states held in arrays, as
 * the benchmarks drive them. The stream loops with its event times shifted by {@link
 * SyntheticTraffic#SPAN_MILLIS} each pass, so the states stay in steady state (buckets keep
 * expiring). Identifier hashing is part of every update, as it is in {@code add(Click)}.
 */
public final class FeatureWorkload {

    private final Click[] clicks;
    private final int[] userIndex;
    private final int[] ipIndex;
    private final int[] adIndex;
    private final UserCounters[] users;
    private final AdCounters[] ads;
    private final IpCounters[] ips;
    private final TimeEncoding time = TimeEncoding.in(ZoneId.of("America/New_York"));
    private final float[] vector = new float[FeatureSchema.CURRENT.size()];
    private int cursor;
    private long shift;

    /** Builds the states and runs one pass, so that measurement starts from steady-state keys. */
    public FeatureWorkload(SyntheticTraffic.Stream stream) {
        clicks = stream.clicks();
        userIndex = stream.userIndex();
        ipIndex = stream.ipIndex();
        adIndex = new int[clicks.length];
        Map<String, Integer> adIds = new HashMap<>();
        for (int i = 0; i < clicks.length; i++) {
            adIndex[i] = adIds.computeIfAbsent(clicks[i].adId(), k -> adIds.size());
        }
        ads = new AdCounters[adIds.size()];
        for (int i = 0; i < ads.length; i++) {
            ads[i] = new AdCounters();
        }
        users = new UserCounters[stream.users()];
        ips = new IpCounters[stream.ips()];
        for (int i = 0; i < users.length; i++) {
            users[i] = new UserCounters();
        }
        for (int i = 0; i < ips.length; i++) {
            ips[i] = new IpCounters();
        }
        for (int i = 0; i < clicks.length; i++) {
            fullClick();
        }
    }

    public int clicksPerPass() {
        return clicks.length;
    }

    private int next() {
        int i = cursor++;
        if (cursor == clicks.length) {
            cursor = 0;
            shift += SyntheticTraffic.SPAN_MILLIS;
        }
        return i;
    }

    /** The next click into its user state. */
    public UserFeatures user() {
        return user(next());
    }

    /** The next click into its IP state. */
    public IpFeatures ip() {
        return ip(next());
    }

    /** The next click into its ad state. */
    public AdFeatures ad() {
        return ad(next());
    }

    /** The next click into its three states, assembled into the (reused) feature vector. */
    public float[] fullClick() {
        int i = next();
        UserFeatures u = user(i);
        AdFeatures a = ad(i);
        IpFeatures p = ip(i);
        // the time encoding reads the click's unshifted time: same cost, fixed hours
        FeatureVector.write(u, a, p, clicks[i], time, vector, 0);
        return vector;
    }

    private UserFeatures user(int i) {
        Click c = clicks[i];
        return users[userIndex[i]].add(
                c.ts() + shift, ItemHash.of(c.adId()), ItemHash.of(c.advertiserId()));
    }

    private AdFeatures ad(int i) {
        Click c = clicks[i];
        return ads[adIndex[i]].add(c.ts() + shift, c.loggedIn());
    }

    private IpFeatures ip(int i) {
        Click c = clicks[i];
        String userKey = c.userKey();
        int userHash = ItemHash.of(userKey);
        int sessionHash = userKey.equals(c.sessionId()) ? userHash : ItemHash.of(c.sessionId());
        return ips[ipIndex[i]].add(c.ts() + shift, userHash, sessionHash);
    }
}
