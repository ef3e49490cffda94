package dev.slidr.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Feature updates per CPU-second of the measuring thread, for the three workloads of {@link
 * FeatureUpdateBenchmark}. On a machine shared with other work, wall-clock throughput counts the
 * time the thread waited for a core; thread CPU time does not, so this is the per-core rate that
 * JMH would report on an idle core. Complements JMH, does not replace it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.slidr.bench.CpuTimeRate [seconds per round]
 * </pre>
 */
public final class CpuTimeRate {

    private CpuTimeRate() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SyntheticTraffic.Stream stream = SyntheticTraffic.generate(20260302L);
        String[] names = {"userCounters", "adCounters", "ipCounters", "fullClick"};
        for (String name : names) {
            FeatureWorkload workload = new FeatureWorkload(stream);
            IntSupplier op =
                    switch (name) {
                        case "userCounters" -> () -> (int) workload.user().clicks1m();
                        case "adCounters" -> () -> (int) workload.ad().clicks1h();
                        case "ipCounters" -> () -> (int) workload.ip().clicks1m();
                        default -> () -> (int) workload.fullClick()[0];
                    };
            // two warm-up rounds, then three measured rounds
            for (int round = 0; round < 5; round++) {
                long sink = 0;
                long ops = 0;
                long cpuStart = threads.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                long budget = (long) (seconds * 1e9);
                while (threads.getCurrentThreadCpuTime() - cpuStart < budget) {
                    for (int j = 0; j < 10_000; j++) {
                        sink += op.getAsInt();
                    }
                    ops += 10_000;
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                long wall = System.nanoTime() - wallStart;
                System.out.printf(
                        Locale.ROOT,
                        "%-13s %s %d: %,.0f updates per CPU-second (%,.0f per wall-second)%s%n",
                        name,
                        round < 2 ? "warm-up" : "round  ",
                        round + 1,
                        ops / (cpu / 1e9),
                        ops / (wall / 1e9),
                        sink == 42 ? " " : "");
            }
        }
    }
}
