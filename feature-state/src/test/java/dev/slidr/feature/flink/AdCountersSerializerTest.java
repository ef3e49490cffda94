package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdCounters;
import java.time.Duration;
import java.util.Random;

/** {@link AdCountersSerializer} against Flink's serializer contract and corrupt bytes. */
class AdCountersSerializerTest extends CoreStateSerializerContract<AdCounters> {

    @Override
    AdCounters emptyState() {
        return new AdCounters();
    }

    @Override
    Object add(AdCounters state, Click click) {
        return state.add(click);
    }

    @Override
    int coreFormatVersion() {
        return AdCounters.FORMAT_VERSION;
    }

    @Override
    Click randomClick(Random random, int n, Duration at) {
        // many users and addresses on one ad
        return clickAt(
                "user-" + random.nextInt(n * 10 + 1), "10.2.0." + random.nextInt(200), at, random);
    }

    @Override
    protected CoreStateSerializer<AdCounters> createSerializer() {
        return new AdCountersSerializer();
    }

    @Override
    protected Class<AdCounters> getTypeClass() {
        return AdCounters.class;
    }
}
