package dev.slidr.bench.run;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import dev.slidr.simulator.KafkaTrafficSink;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.TrafficKind;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.simulator.TrafficSink;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The bench's clicks: the simulator's traffic produced to one topic in phases, each a number of
 * clicks at a rate (0: as fast as the broker takes them), with their event times as Kafka
 * timestamps. Between phases the producer is flushed and {@link PhaseListener#ended} runs (the
 * bench waits there for the phase's decisions). The simulator's conversions go to a conversions
 * topic when one is given: the live job's monitor joins them, and without them its conversions
 * source holds the monitor's event time back until it is declared idle, after which a minute's
 * decisions are labelled at once. A conversion that comes between two phases waits for the next
 * phase's producer. Stops the simulator once the last phase is complete.
 *
 * <pre>{@code
 * Set<String> ids = BenchTraffic.produce(producerProps, "clicks", "conversions",
 *         List.of(new Phase(0, 100_000)), simulatorConfig, seed, listener);
 * }</pre>
 */
final class BenchTraffic implements TrafficSink {

    /** {@code clicks} clicks at {@code rate} per second; 0 is unpaced. */
    record Phase(double rate, long clicks) {}

    /** Told of every click sent and of each phase's end. */
    interface PhaseListener {
        /** A click was handed to the producer at {@code producedMs} (wall clock). */
        void sent(int phase, String clickId, long producedMs);

        /** Every click of {@code phase} has been acknowledged by the broker. */
        void ended(int phase, long clicks, double seconds) throws IOException;

        /** The event time of the click just handed to the producer. */
        default void sentEventTime(long eventTs) {}

        /** True to end the traffic before its phases are complete (checked before each click). */
        default boolean stopNow() {
            return false;
        }
    }

    /** Thrown from {@link #click} once the last phase is complete; the simulator stops there. */
    static final class Enough extends IOException {
        Enough() {
            super("every phase is complete");
        }
    }

    private static final long CLICKS_PER_SIMULATED_DAY = 250_000L;

    private final Properties producer;
    private final String topic;
    private final String conversionsTopic;
    private final List<Conversion> waitingConversions = new java.util.ArrayList<>();
    private final List<Phase> phases;
    private final PhaseListener listener;
    private final Set<String> clickIds = new HashSet<>();
    private KafkaTrafficSink sink;
    private int phase;
    private long inPhase;
    private long phaseStartNanos;

    private BenchTraffic(
            Properties producer,
            String topic,
            String conversionsTopic,
            List<Phase> phases,
            PhaseListener listener) {
        this.producer = producer;
        this.topic = topic;
        this.conversionsTopic = conversionsTopic;
        this.phases = phases;
        this.listener = listener;
    }

    /**
     * Produces every phase of the simulator's traffic (seed {@code seed}) and returns the distinct
     * click ids sent.
     *
     * @param conversionsTopic where the simulator's conversions go; null to drop them
     */
    static Set<String> produce(
            Properties producer,
            String topic,
            String conversionsTopic,
            List<Phase> phases,
            SimulatorConfig simulator,
            long seed,
            PhaseListener listener)
            throws IOException {
        long total = phases.stream().mapToLong(Phase::clicks).sum();
        int days = (int) Math.min(TrafficSimulator.MAX_DAYS, 2 + total / CLICKS_PER_SIMULATED_DAY);
        BenchTraffic traffic =
                new BenchTraffic(producer, topic, conversionsTopic, phases, listener);
        try (traffic) {
            new TrafficSimulator(simulator, seed, TrafficSimulator.DEFAULT_START, days)
                    .run(traffic, ProgressListener.NONE);
        } catch (Enough e) {
            return traffic.clickIds;
        }
        if (traffic.phase < phases.size()) {
            throw new IOException(
                    "the simulator produced "
                            + traffic.clickIds.size()
                            + " clicks, fewer than the "
                            + total
                            + " asked for");
        }
        return traffic.clickIds;
    }

    @Override
    public void click(Click click, TrafficKind truth) throws IOException {
        if (phase >= phases.size() || listener.stopNow()) {
            throw new Enough();
        }
        if (sink == null) {
            sink =
                    new KafkaTrafficSink(
                            producer,
                            topic,
                            conversionsTopic == null ? topic : conversionsTopic,
                            phases.get(phase).rate());
            phaseStartNanos = System.nanoTime();
            for (Conversion waiting : waitingConversions) {
                sink.conversion(waiting);
            }
            waitingConversions.clear();
        }
        sink.click(click, truth);
        long producedMs = System.currentTimeMillis();
        clickIds.add(click.clickId());
        listener.sentEventTime(click.ts());
        listener.sent(phase, click.clickId(), producedMs);
        if (++inPhase == phases.get(phase).clicks()) {
            double seconds = (System.nanoTime() - phaseStartNanos) / 1e9;
            KafkaTrafficSink done = sink;
            sink = null;
            done.close();
            listener.ended(phase, inPhase, seconds);
            phase++;
            inPhase = 0;
        }
    }

    @Override
    public void conversion(Conversion conversion) throws IOException {
        if (conversionsTopic == null) {
            return;
        }
        if (sink == null) {
            waitingConversions.add(conversion);
        } else {
            sink.conversion(conversion);
        }
    }

    @Override
    public void close() throws IOException {
        if (sink != null) {
            sink.close();
            sink = null;
        }
    }
}
