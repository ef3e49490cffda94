package dev.slidr.job.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Gauge;

/**
 * The invalid-view rate (invalid / all decided clicks) of one slice over a recent sliding window of
 * processing time, as a gauge; {@code NaN} while the window holds no click.
 *
 * <p>A recent window rather than a cumulative ratio: a cumulative IVR since the subtask started
 * moves less and less as traffic accumulates and hides a sudden change. The counters beside it
 * ({@code clicks}, {@code invalid}) give the exact fleet-wide ratio over any range with PromQL's
 * {@code rate()}; this gauge is the per-subtask view that needs no query.
 *
 * <p>The task thread records and the reporter thread reads, so both synchronize on the gauge; the
 * lock is uncontended except during a report.
 */
public final class RecentIvr implements Gauge<Double> {

    private final SlidingSlots slots;
    private final LongSupplier clock;
    private final long[] clicks;
    private final long[] invalid;

    /**
     * @param window the span of the window
     * @param slotWidth its granularity ({@code window} a multiple of it)
     * @param clock milliseconds of processing time
     */
    public RecentIvr(Duration window, Duration slotWidth, LongSupplier clock) {
        this.slots = new SlidingSlots(window, slotWidth);
        this.clock = clock;
        this.clicks = new long[slots.size()];
        this.invalid = new long[slots.size()];
    }

    /** Counts one decided click. */
    public synchronized void record(boolean isInvalid) {
        int slot =
                slots.advance(
                        clock.getAsLong(),
                        i -> {
                            clicks[i] = 0;
                            invalid[i] = 0;
                        });
        clicks[slot]++;
        if (isInvalid) {
            invalid[slot]++;
        }
    }

    @Override
    public synchronized Double getValue() {
        long now = clock.getAsLong();
        long all = 0;
        long bad = 0;
        for (int i = 0; i < clicks.length; i++) {
            if (slots.live(i, now)) {
                all += clicks[i];
                bad += invalid[i];
            }
        }
        return all == 0 ? Double.NaN : (double) bad / all;
    }
}
