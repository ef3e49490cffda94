package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdCounters;
import dev.slidr.feature.AdFeatures;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.FeatureVector;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import dev.slidr.training.rows.RowFile;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The live job's three keyed feature stages over clicks given in event-time order: one {@link
 * UserCounters} per user key, one {@link AdCounters} per ad and one {@link IpCounters} per IP, with
 * {@link FeatureVector} assembling each row, joined with the weak labels and the ground truth
 * ({@link RowLabels}). Only the per-key counters stay in memory; each click's row is handed back in
 * one reused {@link RowFile.Row}.
 */
final class FeatureStages {

    private final Map<String, UserCounters> users = new HashMap<>();
    private final Map<String, AdCounters> ads = new HashMap<>();
    private final Map<String, IpCounters> ips = new HashMap<>();
    private final RowLabels labels;
    private final TimeEncoding time;
    private final RowFile.Row row = new RowFile.Row(FeatureSchema.CURRENT.size());
    private final long boundMillis;
    private long newest = Long.MIN_VALUE;

    FeatureStages(RowLabels labels) {
        this.labels = labels;
        this.time = labels.time();
        this.boundMillis = FeaturePass.DEFAULT_OUT_OF_ORDERNESS.toMillis();
    }

    /**
     * @param truth -1 (unknown), 0 (human) or 1 (robot) of a click
     * @param velocityK high velocity = user clicks in 1 h greater than this
     */
    FeatureStages(WeakLabels labels, ToIntFunction<Click> truth, TimeEncoding time, int velocityK) {
        this(new RowLabels(labels, truth, time, velocityK));
    }

    /** Adds the click to its counters and returns its row (the same object on every call). */
    RowFile.Row add(Click c) {
        // The live user stage drops a user's counters once the watermark (the newest time so far
        // less the out-of-orderness, less 1 ms) passes their droppableAt: a user back after a
        // day of silence then has no previous click (seconds since previous -1), as live. The ad
        // and IP counters hold only windowed counts, which read the same dropped or not.
        long watermark = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - boundMillis - 1;
        UserCounters counters = users.get(c.userKey());
        if (counters == null || counters.droppableAt() <= watermark) {
            counters = new UserCounters();
            users.put(c.userKey(), counters);
        }
        newest = Math.max(newest, c.ts());
        UserFeatures user = counters.add(c);
        AdFeatures ad = ads.computeIfAbsent(c.adId(), k -> new AdCounters()).add(c);
        IpFeatures ip = ips.computeIfAbsent(c.ip(), k -> new IpCounters()).add(c);
        FeatureVector.write(user, ad, ip, c, time, row.x, 0);
        return labels.fill(row, c);
    }

    /** Keys held: users, ads and IPs. */
    long keys() {
        return (long) users.size() + ads.size() + ips.size();
    }
}
