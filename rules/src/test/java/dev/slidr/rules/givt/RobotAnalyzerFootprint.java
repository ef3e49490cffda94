package dev.slidr.rules.givt;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * What the robot screen's YAUAA analyzer costs a JVM, for docs/benchmarks.md: the build's time
 * (wall and this thread's CPU) and the heap it keeps (used heap after collections, before and after
 * the build), as {@link RobotUserAgents#shared} builds it or with YAUAA's test cases kept.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp ... dev.slidr.rules.givt.RobotAnalyzerFootprint shipped|keep-tests
 * </pre>
 *
 * <p>One build per JVM: the first build also loads YAUAA's classes, so run each variant in a JVM of
 * its own, several times, alternating.
 */
public final class RobotAnalyzerFootprint {

    private RobotAnalyzerFootprint() {}

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].matches("shipped|keep-tests")) {
            System.err.println("usage: RobotAnalyzerFootprint shipped|keep-tests");
            System.exit(2);
        }
        boolean keepTests = args[0].equals("keep-tests");
        long before = usedAfterCollections();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall0 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        UserAgentAnalyzer.UserAgentAnalyzerBuilder builder =
                RobotUserAgents.builder(GivtOptions.USER_AGENT_CACHE_SIZE.defaultValue());
        if (keepTests) {
            builder.keepTests();
        }
        UserAgentAnalyzer analyzer = builder.build();
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        long kept = usedAfterCollections() - before;
        // a use after the measurement keeps the analyzer reachable through it
        String robot = analyzer.parse(UserAgents.GOOGLEBOT).getValue(RobotUserAgents.DEVICE_CLASS);
        System.out.printf(
                Locale.ROOT,
                "%s build_wall_s=%.2f build_cpu_s=%.2f heap_kept_mib=%d test_cases=%d"
                        + " googlebot=%s%n",
                args[0],
                wall,
                cpu,
                kept >> 20,
                analyzer.getPreheatTestCases().size(),
                robot);
    }

    private static long usedAfterCollections() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
