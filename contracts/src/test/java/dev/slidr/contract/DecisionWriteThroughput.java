package dev.slidr.contract;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain timing loop for writing decisions as JSON (not a test; timings are measured, never
 * asserted): {@code java -cp <test classpath> dev.slidr.contract.DecisionWriteThroughput DECISIONS
 * [count [rounds]]}, where {@code DECISIONS} is a file of decisions, one JSON object per line (a
 * replay's {@code corrections.jsonl}). The first {@code count} are read once, then written {@code
 * rounds} times; each round prints the thread's CPU time per decision and a checksum of the bytes,
 * which is the same for every build that writes the same bytes.
 */
public final class DecisionWriteThroughput {

    private DecisionWriteThroughput() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        List<Decision> decisions = new ArrayList<>(count);
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]))) {
            String line;
            while (decisions.size() < count && (line = in.readLine()) != null) {
                decisions.add(
                        ContractJson.readDecision(line.getBytes(StandardCharsets.UTF_8)).value());
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long bytes = 0;
            long checksum = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (Decision decision : decisions) {
                byte[] json = ContractJson.write(decision);
                bytes += json.length;
                checksum = checksum * 31 + java.util.Arrays.hashCode(json);
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf(
                    "round %d: %.0f ns of CPU per decision, %d decisions, %d bytes, checksum %x%n",
                    round, (double) cpu / decisions.size(), decisions.size(), bytes, checksum);
        }
    }
}
