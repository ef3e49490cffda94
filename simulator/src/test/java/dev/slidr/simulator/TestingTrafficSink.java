package dev.slidr.simulator;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a simulation emits in memory, in emission order. */
final class TestingTrafficSink implements TrafficSink {

    final List<Click> clicks = new ArrayList<>();
    final List<TrafficKind> kinds = new ArrayList<>();
    final List<Conversion> conversions = new ArrayList<>();

    /** Event time of every emitted record, clicks and conversions interleaved. */
    final List<Long> emissionTimes = new ArrayList<>();

    boolean closed;

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
