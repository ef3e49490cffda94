package dev.slidr.simulator;

/** Told after each simulated chunk (an hour of event time) has been written. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (fraction, simulatedUntilMs, clicks, conversions) -> {};

    /**
     * @param fraction share of the simulated time range done, in [0, 1]
     * @param simulatedUntilMs event time written up to (epoch millis)
     */
    void onProgress(double fraction, long simulatedUntilMs, long clicks, long conversions);
}
