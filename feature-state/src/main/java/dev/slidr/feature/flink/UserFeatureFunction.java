package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.UserCounters;
import java.time.Duration;

/**
 * The user stage: keyed by {@link Click#userKey()} of each {@link IngestedClick}, it keeps each
 * key's {@link UserCounters} in RocksDB and emits every click with its user features.
 *
 * <pre>{@code
 * clicks.keyBy(UserFeatureFunction::keyOf, Types.STRING)
 *       .process(new UserFeatureFunction(Duration.ofHours(25), 1000), UserFeaturedClick.TYPE_INFO)
 * }</pre>
 *
 * <p>State, timer and TTL are explained on {@link CoreStateFunction}.
 */
public class UserFeatureFunction
        extends CoreStateFunction<UserCounters, IngestedClick, UserFeaturedClick> {

    private static final long serialVersionUID = 1L;

    /** Name of the keyed value state; part of the savepoint layout. */
    public static final String STATE_NAME = "user-counters";

    public UserFeatureFunction(Duration stateTtl, long ttlCompactionQueryInterval) {
        super(stateTtl, ttlCompactionQueryInterval);
    }

    /** The key of this stage. */
    public static String keyOf(IngestedClick record) {
        return record.click().userKey();
    }

    @Override
    protected String stateName() {
        return STATE_NAME;
    }

    @Override
    protected CoreStateSerializer<UserCounters> stateSerializer() {
        return new UserCountersSerializer();
    }

    @Override
    protected UserCounters emptyState() {
        return new UserCounters();
    }

    @Override
    protected UserFeaturedClick apply(UserCounters state, IngestedClick record) {
        Click click = record.click();
        return new UserFeaturedClick(click, state.add(click), record.readMicros());
    }

    @Override
    protected long droppableAt(UserCounters state) {
        return state.droppableAt();
    }
}
