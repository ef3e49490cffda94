package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.IpCounters;
import java.time.Duration;
import java.util.Random;

/** {@link IpCountersSerializer} against Flink's serializer contract and corrupt bytes. */
class IpCountersSerializerTest extends CoreStateSerializerContract<IpCounters> {

    @Override
    IpCounters emptyState() {
        return new IpCounters();
    }

    @Override
    Object add(IpCounters state, Click click) {
        return state.add(click);
    }

    @Override
    int coreFormatVersion() {
        return IpCounters.FORMAT_VERSION;
    }

    @Override
    Click randomClick(Random random, int n, Duration at) {
        // many users behind one address, as behind a gateway
        return clickAt("user-" + random.nextInt(n * 10 + 1), "10.1.0." + n, at, random);
    }

    @Override
    protected CoreStateSerializer<IpCounters> createSerializer() {
        return new IpCountersSerializer();
    }

    @Override
    protected Class<IpCounters> getTypeClass() {
        return IpCounters.class;
    }
}
