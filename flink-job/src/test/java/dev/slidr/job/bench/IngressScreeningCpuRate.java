package dev.slidr.job.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Clicks per CPU-second of one thread for the stateless ingress stage: a throughput per core that
 * holds on a shared, busy machine, where wall-clock figures (JMH's) move with the neighbours' load.
 *
 * <p>Runs the {@link IngressScreeningBenchmark} operations on one thread, measuring the thread's
 * CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime()}) over rounds after a warm-up, and prints
 * the median and the spread.
 *
 * <pre>
 * java -cp ... dev.slidr.job.bench.IngressScreeningCpuRate [rounds] [clicksPerRound]
 * </pre>
 */
public final class IngressScreeningCpuRate {

    // results are published here so that the JIT cannot drop the measured work
    private static volatile Object sink;

    private IngressScreeningCpuRate() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        IngressScreeningBenchmark bench = new IngressScreeningBenchmark();
        bench.distinctAgents = 1000;
        bench.setUp();
        report("screenAndPseudonymize", bench::screenAndPseudonymize, rounds, perRound);
        report("checksOnly", bench::checksOnly, rounds, perRound);
        report("pseudonymizeOnly", bench::pseudonymizeOnly, rounds, perRound);
        report("uncached", bench::uncached, Math.max(3, rounds / 3), perRound / 50);
    }

    private static void report(String name, Supplier<?> op, int rounds, int perRound) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object last = null;
        // warm-up: as many operations as the measured rounds, so the JIT has settled
        for (long i = 0; i < (long) rounds * perRound; i++) {
            last = op.get();
        }
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                last = op.get();
            }
            long spent = threads.getCurrentThreadCpuTime() - cpu;
            sink = last;
            rates[r] = perRound / (spent / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf(
                Locale.ROOT,
                "%-22s median %,10.0f clicks per CPU-second (min %,.0f, max %,.0f; %d rounds"
                        + " of %,d)%n",
                name,
                rates[rounds / 2],
                rates[0],
                rates[rounds - 1],
                rounds,
                perRound);
    }
}
