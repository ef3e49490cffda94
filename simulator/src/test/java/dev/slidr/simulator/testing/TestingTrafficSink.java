package dev.slidr.simulator.testing;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import dev.slidr.simulator.TrafficKind;
import dev.slidr.simulator.TrafficSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps everything a simulation emits in memory, in emission order; for tests here and in the
 * modules that use the simulator's test jar.
 */
public final class TestingTrafficSink implements TrafficSink {

    public final List<Click> clicks = new ArrayList<>();
    public final List<TrafficKind> kinds = new ArrayList<>();
    public final List<Conversion> conversions = new ArrayList<>();

    /** Event time of every emitted record, clicks and conversions interleaved. */
    public final List<Long> emissionTimes = new ArrayList<>();

    public boolean closed;

    @Override
    public void click(Click click, TrafficKind truth) {
        clicks.add(click);
        kinds.add(truth);
        emissionTimes.add(click.ts());
    }

    @Override
    public void conversion(Conversion conversion) {
        conversions.add(conversion);
        emissionTimes.add(conversion.ts());
    }

    @Override
    public void close() {
        closed = true;
    }
}
