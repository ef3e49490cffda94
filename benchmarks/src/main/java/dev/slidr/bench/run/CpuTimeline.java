package dev.slidr.bench.run;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * This process's CPU time, sampled against the wall clock while a throughput round runs, so that
 * the CPU spent between two wall-clock instants known only afterwards (the round's first and last
 * {@code decided_ts}) can be read.
 *
 * <p>The bench's consumer reads the decisions {@code read_committed}: they arrive in bursts when a
 * checkpoint commits the sink's transaction. CPU read when the first and the last decision arrive
 * misses the work before the first commit (up to a checkpoint interval), and when a round fits
 * between two commits it measures almost nothing.
 *
 * <pre>{@code
 * CpuTimeline cpu = CpuTimeline.start(Duration.ofMillis(50));
 * ... run ...
 * cpu.close();
 * double seconds = cpu.secondsBetween(firstDecidedMillis, lastDecidedMillis);
 * }</pre>
 */
final class CpuTimeline implements AutoCloseable {

    private final LongSupplier wallMillis;
    private final LongSupplier cpuNanos;
    private long[] millis = new long[1024];
    private long[] cpu = new long[1024];
    private int samples;
    private Thread sampler;

    CpuTimeline(LongSupplier wallMillis, LongSupplier cpuNanos) {
        this.wallMillis = wallMillis;
        this.cpuNanos = cpuNanos;
    }

    /** Samples this process's CPU time every {@code every} on a daemon thread, from now. */
    static CpuTimeline start(Duration every) {
        CpuTimeline timeline =
                new CpuTimeline(System::currentTimeMillis, BenchRun::processCpuNanos);
        timeline.sample();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    Thread.sleep(every.toMillis());
                                    timeline.sample();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "bench-cpu-timeline");
        thread.setDaemon(true);
        thread.start();
        timeline.sampler = thread;
        return timeline;
    }

    /** Takes one sample: the wall clock and the CPU time now. */
    synchronized void sample() {
        if (samples == millis.length) {
            millis = Arrays.copyOf(millis, samples * 2);
            cpu = Arrays.copyOf(cpu, samples * 2);
        }
        // a wall clock set back meanwhile must not unsort the samples
        long now = wallMillis.getAsLong();
        millis[samples] = samples == 0 ? now : Math.max(now, millis[samples - 1]);
        cpu[samples] = cpuNanos.getAsLong();
        samples++;
    }

    /**
     * CPU seconds between two wall-clock instants, each end read between the samples around it; NaN
     * when either end lies outside the samples, or the CPU time is unknown (-1).
     */
    synchronized double secondsBetween(long fromMillis, long toMillis) {
        if (samples < 2
                || fromMillis > toMillis
                || fromMillis < millis[0]
                || toMillis > millis[samples - 1]
                || cpu[0] < 0) {
            return Double.NaN;
        }
        return (cpuAt(toMillis) - cpuAt(fromMillis)) / 1e9;
    }

    /** The CPU time at {@code at}, interpolated between the samples around it. */
    private double cpuAt(long at) {
        int i = Arrays.binarySearch(millis, 0, samples, at);
        if (i >= 0) {
            // equal wall readings: the last sample taken at that millisecond
            while (i + 1 < samples && millis[i + 1] == at) {
                i++;
            }
            return cpu[i];
        }
        int after = -i - 1;
        int before = after - 1;
        double share = (double) (at - millis[before]) / (millis[after] - millis[before]);
        return cpu[before] + share * (cpu[after] - cpu[before]);
    }

    /** Stops sampling, after one last sample. */
    @Override
    public void close() {
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sample();
    }
}
