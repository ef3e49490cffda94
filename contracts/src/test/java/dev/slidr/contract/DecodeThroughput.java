package dev.slidr.contract;

import dev.slidr.contract.testing.Clicks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * A plain timing loop for the click decoder (not a test; timings are measured, never asserted):
 * {@code java -cp <test classpath> dev.slidr.contract.DecodeThroughput [iterations [rounds]]}. Each
 * round prints wall and CPU time per click; compare builds by the CPU time, which other load on a
 * shared machine moves less.
 */
public final class DecodeThroughput {

    private DecodeThroughput() {}

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        byte[][] valid = new byte[1024][];
        for (int i = 0; i < valid.length; i++) {
            valid[i] =
                    ContractJson.write(
                            Clicks.builder(
                                            "user-" + i,
                                            i % 3 == 0
                                                    ? "2001:db8::" + i
                                                    : "10.1." + (i % 250) + ".7",
                                            Clicks.T0.plusSeconds(i))
                                    .build());
        }
        byte[] bad =
                "{\"click_id\":\"c\",\"ts\":\"soon\",\"ip\":\"999.1.1.1\"}"
                        .getBytes(StandardCharsets.UTF_8);
        ContractReader reader = ContractReader.defaults();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int round = 0; round < rounds; round++) {
            long ok = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                if (reader.click(valid[i & 1023]).isOk()) {
                    ok++;
                }
            }
            long validNanos = System.nanoTime() - start;
            long validCpu = threads.getCurrentThreadCpuTime() - cpuStart;
            start = System.nanoTime();
            long rejected = 0;
            for (int i = 0; i < iterations; i++) {
                if (!reader.click(bad).isOk()) {
                    rejected++;
                }
            }
            long badNanos = System.nanoTime() - start;
            System.out.printf(
                    "round %d: valid %.0f ns/click, %.0f ns of CPU (%.0f clicks/s, %d ok, avg %d"
                            + " bytes); rejected %.0f ns/record (%d)%n",
                    round,
                    (double) validNanos / iterations,
                    (double) validCpu / iterations,
                    iterations * 1e9 / validNanos,
                    ok,
                    valid[0].length,
                    (double) badNanos / iterations,
                    rejected);
        }
    }
}
