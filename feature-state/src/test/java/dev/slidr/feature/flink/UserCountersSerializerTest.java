package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.UserCounters;
import java.time.Duration;
import java.util.Random;

/** {@link UserCountersSerializer} against Flink's serializer contract and corrupt bytes. */
class UserCountersSerializerTest extends CoreStateSerializerContract<UserCounters> {

    @Override
    UserCounters emptyState() {
        return new UserCounters();
    }

    @Override
    Object add(UserCounters state, Click click) {
        return state.add(click);
    }

    @Override
    int coreFormatVersion() {
        return UserCounters.FORMAT_VERSION;
    }

    @Override
    Click randomClick(Random random, int n, Duration at) {
        return clickAt("user-" + n, "10.0.0." + random.nextInt(4), at, random);
    }

    @Override
    protected CoreStateSerializer<UserCounters> createSerializer() {
        return new UserCountersSerializer();
    }

    @Override
    protected Class<UserCounters> getTypeClass() {
        return UserCounters.class;
    }
}
