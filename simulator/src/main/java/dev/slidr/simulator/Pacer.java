package dev.slidr.simulator;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds output to a fixed rate: the n-th event is released no earlier than n / rate seconds after
 * the first, so short stalls are caught up and the long-run rate stays exact.
 */
public final class Pacer {

    /** The clock and the sleep, apart so tests can drive time themselves. */
    public interface Ticker {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedIOException;

        Ticker SYSTEM =
                new Ticker() {
                    @Override
                    public long nanoTime() {
                        return System.nanoTime();
                    }

                    @Override
                    public void sleepNanos(long nanos) throws InterruptedIOException {
                        LockSupport.parkNanos(nanos);
                        if (Thread.interrupted()) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while pacing output");
                        }
                    }
                };
    }

    private final double perSecond;
    private final Ticker ticker;
    private long released;
    private long startNanos;

    /**
     * @param perSecond events per second; 0 releases everything at once
     */
    public Pacer(double perSecond, Ticker ticker) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(
                    "rate must be a finite number >= 0, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.ticker = ticker;
    }

    /** Waits until the next event is due. */
    public void acquire() throws InterruptedIOException {
        if (perSecond == 0) {
            return;
        }
        if (released == 0) {
            startNanos = ticker.nanoTime();
        }
        long due = startNanos + (long) (released * 1e9 / perSecond);
        released++;
        long wait = due - ticker.nanoTime();
        if (wait > 0) {
            ticker.sleepNanos(wait);
        }
    }
}
