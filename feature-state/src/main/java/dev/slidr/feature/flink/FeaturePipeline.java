package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The feature stages of every slidr job: {@code keyBy(user) → user stage → keyBy(ad) → ad stage →
 * keyBy(ip) → IP stage}. The live job, training-data builds and replays all call this one method,
 * so there is one implementation of the features in the streaming world.
 *
 * <pre>{@code
 * DataStream<Click> clicks = ...;   // validated, with event-time timestamps and watermarks
 * DataStream<FeaturedClick> featured = FeaturePipeline.features(clicks, configuration);
 * }</pre>
 *
 * <p>The operator uids ({@link #USER_STAGE_UID}, {@link #AD_STAGE_UID}, {@link #IP_STAGE_UID}) and
 * the state names inside them are the savepoint layout: changing either orphans every counter on
 * the next upgrade. A savepoint from before the ad stage existed restores into this pipeline: the
 * ad stage starts empty and its counters fill within a day.
 */
public final class FeaturePipeline {

    /** uid of the user stage; stable across releases. */
    public static final String USER_STAGE_UID = "slidr-features-user";

    /** uid of the ad stage; stable across releases. */
    public static final String AD_STAGE_UID = "slidr-features-ad";

    /** uid of the IP stage; stable across releases. */
    public static final String IP_STAGE_UID = "slidr-features-ip";

    /** uid of the stateless stage that wraps clicks with no read time (offline uses). */
    public static final String UNSTAMPED_UID = "slidr-features-unstamped";

    private FeaturePipeline() {}

    /**
     * Adds the three feature stages behind {@code clicks}, configured from {@code config} ({@link
     * FeatureStateOptions}). The input must carry event-time timestamps and watermarks: the stages'
     * cleanup timers run on event time.
     *
     * @throws IllegalArgumentException when an option is invalid (named in the message)
     */
    public static SingleOutputStreamOperator<FeaturedClick> features(
            DataStream<Click> clicks, ReadableConfig config) {
        return featuresOfIngested(
                clicks.map(IngestedClick::unstamped, IngestedClick.TYPE_INFO)
                        // the input's parallelism keeps the wrapper chained to it: a rebalance
                        // here would reorder a key's clicks before the keyed stages
                        .setParallelism(clicks.getParallelism())
                        .uid(UNSTAMPED_UID)
                        .name("clicks without read time"),
                config);
    }

    /**
     * As {@link #features(DataStream, ReadableConfig)}, for clicks that carry the time the live job
     * read them; the read time travels on to the {@link FeaturedClick}s.
     */
    public static SingleOutputStreamOperator<FeaturedClick> featuresOfIngested(
            DataStream<IngestedClick> clicks, ReadableConfig config) {
        return featuresOfUserKeyed(clicks.keyBy(UserFeatureFunction::keyOf, Types.STRING), config);
    }

    /**
     * As {@link #featuresOfIngested}, for clicks already partitioned by {@link
     * UserFeatureFunction#keyOf}: the live job keys its dedupe stage by the user key and reuses
     * that partitioning here (through {@code DataStreamUtils.reinterpretAsKeyedStream}), so the
     * user stage chains to it without a shuffle.
     */
    public static SingleOutputStreamOperator<FeaturedClick> featuresOfUserKeyed(
            KeyedStream<IngestedClick, String> clicks, ReadableConfig config) {
        return featuresOfUserKeyed(clicks, config, Keying.SHUFFLE);
    }

    /**
     * As {@link #featuresOfUserKeyed(KeyedStream, ReadableConfig)}, with the ad and IP stages keyed
     * by {@code keying}.
     */
    public static SingleOutputStreamOperator<FeaturedClick> featuresOfUserKeyed(
            KeyedStream<IngestedClick, String> clicks, ReadableConfig config, Keying keying) {
        Duration ttl =
                config.get(FeatureStateOptions.STATE_TTL_ENABLED)
                        ? config.get(FeatureStateOptions.STATE_TTL)
                        : null;
        long queryInterval = config.get(FeatureStateOptions.TTL_COMPACTION_QUERY_INTERVAL);
        ZoneId zone = zone(config.get(FeatureStateOptions.TIME_ZONE));
        UserFeatureFunction userStage;
        AdFeatureFunction adStage;
        IpFeatureFunction ipStage;
        try {
            userStage = new UserFeatureFunction(ttl, queryInterval);
            adStage = new AdFeatureFunction(ttl, queryInterval);
            ipStage = new IpFeatureFunction(ttl, queryInterval, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    FeatureStateOptions.STATE_TTL.key()
                            + " / "
                            + FeatureStateOptions.TTL_COMPACTION_QUERY_INTERVAL.key()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        SingleOutputStreamOperator<UserFeaturedClick> userFeatured =
                clicks.process(userStage, UserFeaturedClick.TYPE_INFO)
                        .uid(USER_STAGE_UID)
                        .name("user features");
        SingleOutputStreamOperator<AdFeaturedClick> adFeatured =
                keying.key(userFeatured, AdFeatureFunction::keyOf)
                        .process(adStage, AdFeaturedClick.TYPE_INFO)
                        .uid(AD_STAGE_UID)
                        .name("ad features");
        return keying.key(adFeatured, IpFeatureFunction::keyOf)
                .process(ipStage, FeaturedClick.TYPE_INFO)
                .uid(IP_STAGE_UID)
                .name("IP features");
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    FeatureStateOptions.TIME_ZONE.key()
                            + ": '"
                            + id
                            + "' is not a time zone ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }
}
