package dev.slidr.simulator;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import java.io.IOException;

/**
 * Where simulated traffic goes, in event-time order: clicks with their ground truth, and
 * conversions interleaved at their own event time.
 */
public interface TrafficSink extends AutoCloseable {

    /** One click and who really made it (the kind goes only to truth outputs). */
    void click(Click click, TrafficKind truth) throws IOException;

    void conversion(Conversion conversion) throws IOException;

    /**
     * Says the traffic is all written; a sink that stages its outputs puts them in place when it is
     * closed after this, and discards them when closed without it (a run that stopped early).
     */
    default void complete() throws IOException {}

    /** Flushes everything written so far and releases the outputs. */
    @Override
    void close() throws IOException;

    /** A sink that passes everything to both sinks, in order, and closes both. */
    static TrafficSink tee(TrafficSink first, TrafficSink second) {
        return new TrafficSink() {
            @Override
            public void click(Click click, TrafficKind truth) throws IOException {
                first.click(click, truth);
                second.click(click, truth);
            }

            @Override
            public void conversion(Conversion conversion) throws IOException {
                first.conversion(conversion);
                second.conversion(conversion);
            }

            @Override
            public void complete() throws IOException {
                first.complete();
                second.complete();
            }

            @Override
            public void close() throws IOException {
                try {
                    first.close();
                } finally {
                    second.close();
                }
            }
        };
    }
}
