package dev.slidr.rules.privacy;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Parsed;
import dev.slidr.rules.givt.ClientIp;
import inet.ipaddr.IPAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CPU time per click of the three pseudonyms ({@link Pseudonymizer#pseudonymize(Click, IPAddress)},
 * the IP parsed beforehand as the screen does), with the default cache and with none, on the
 * identifiers of a real click log (e.g. a simulated week), in its order: the hit rate, and so the
 * cost, depends on how identifiers recur, which a synthetic cycle of clicks does not show. Measures
 * the thread's CPU time, which holds on a busy machine.
 *
 * <pre>
 * java -cp ... dev.slidr.rules.privacy.PseudonymCpuRate clicks.jsonl [clicks] [rounds]
 * </pre>
 */
public final class PseudonymCpuRate {

    // results are published here so that the JIT cannot drop the measured work
    private static volatile Object sink;

    private PseudonymCpuRate() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<byte[]> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while (lines.size() < limit && (line = in.readLine()) != null) {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        ContractReader reader = ContractReader.defaults();
        double[][] nanos = new double[2][rounds];
        double hitRate = Double.NaN;
        long lookups = 0;
        for (int r = 0; r < rounds; r++) {
            for (int variant = 0; variant < 2; variant++) {
                int cacheSize = variant == 0 ? Pseudonymizer.DEFAULT_CACHE_SIZE : 0;
                Pseudonymizer p = new Pseudonymizer(TestingKeys.keyA(), cacheSize);
                Pass pass = perClick(lines, reader, p);
                nanos[variant][r] = pass.nanosPerClick();
                if (variant == 0) {
                    lookups = pass.lookups();
                    hitRate = 1 - (double) p.computedPseudonyms() / lookups;
                }
            }
        }
        report("cached (default)", nanos[0], lines.size());
        report("uncached", nanos[1], lines.size());
        System.out.printf(
                Locale.ROOT,
                "cache hits: %.1f %% of %,d lookups (a fresh cache, one pass)%n",
                100 * hitRate,
                lookups);
    }

    /**
     * One pass: CPU ns per click, and the identifiers looked up (a session and an IP per click, and
     * a user id where there is one).
     */
    private record Pass(double nanosPerClick, long lookups) {}

    /** CPU ns per click for one pass over the log with a fresh pseudonymizer (a cold cache). */
    private static Pass perClick(List<byte[]> lines, ContractReader reader, Pseudonymizer p) {
        // the clicks are decoded before the clock starts, each pass anew, so every identifier is
        // a fresh string whose hash is not cached yet, as in the job
        List<Click> clicks = new ArrayList<>(lines.size());
        List<IPAddress> ips = new ArrayList<>(lines.size());
        long lookups = 0;
        for (byte[] line : lines) {
            if (reader.click(line) instanceof Parsed.Ok<Click> ok) {
                clicks.add(ok.value());
                lookups += ok.value().userId() == null ? 2 : 3;
                // the screen parses the IP for its own checks and hands it over
                ips.add(ClientIp.parse(ok.value().ip()));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        Object last = null;
        for (int i = 0; i < clicks.size(); i++) {
            last = p.pseudonymize(clicks.get(i), ips.get(i));
        }
        long spent = threads.getCurrentThreadCpuTime() - cpu;
        sink = last;
        return new Pass(spent / (double) clicks.size(), lookups);
    }

    private static void report(String name, double[] nanos, int clicks) {
        double[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-17s median %,6.0f ns of CPU per click (min %,.0f, max %,.0f; %d passes over"
                        + " %,d clicks)%n",
                name,
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1],
                sorted.length,
                clicks);
    }
}
