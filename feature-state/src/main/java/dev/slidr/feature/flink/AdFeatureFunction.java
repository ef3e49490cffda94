package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdCounters;
import java.time.Duration;

/**
 * The ad stage: keyed by {@link Click#adId()}, it keeps each ad's {@link AdCounters} in RocksDB and
 * emits every click with its user features (from the user stage) and its ad features.
 *
 * <pre>{@code
 * userFeatured.keyBy(AdFeatureFunction::keyOf, Types.STRING)
 *       .process(new AdFeatureFunction(Duration.ofHours(25), 1000), AdFeaturedClick.TYPE_INFO)
 * }</pre>
 *
 * <p>State, timer and TTL are explained on {@link CoreStateFunction}. An ad's clicks all meet in
 * one subtask, so a very popular ad puts more load on its subtask than the user and IP stages ever
 * see from one key; the state per key stays 72 buckets.
 */
public class AdFeatureFunction
        extends CoreStateFunction<AdCounters, UserFeaturedClick, AdFeaturedClick> {

    private static final long serialVersionUID = 1L;

    /** Name of the keyed value state; part of the savepoint layout. */
    public static final String STATE_NAME = "ad-counters";

    public AdFeatureFunction(Duration stateTtl, long ttlCompactionQueryInterval) {
        super(stateTtl, ttlCompactionQueryInterval);
    }

    /** The key of this stage. */
    public static String keyOf(UserFeaturedClick record) {
        return record.click().adId();
    }

    @Override
    protected String stateName() {
        return STATE_NAME;
    }

    @Override
    protected CoreStateSerializer<AdCounters> stateSerializer() {
        return new AdCountersSerializer();
    }

    @Override
    protected AdCounters emptyState() {
        return new AdCounters();
    }

    @Override
    protected AdFeaturedClick apply(AdCounters state, UserFeaturedClick record) {
        Click click = record.click();
        return new AdFeaturedClick(click, record.user(), state.add(click), record.readMicros());
    }

    @Override
    protected long droppableAt(AdCounters state) {
        return state.droppableAt();
    }
}
