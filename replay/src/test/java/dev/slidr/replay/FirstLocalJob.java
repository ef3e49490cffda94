package dev.slidr.replay;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * How long a local Flink job takes to its first record, in a fresh JVM and then again, each time on
 * a new local cluster: the share of a replay's start that is Flink loading and compiling its own
 * code, for docs/benchmarks.md ("A Flink warm-up job while the files are read").
 *
 * <pre>
 * java -Xmx4g -XX:MetaspaceSize=256m -XX:+UseParallelGC -XX:-TieredCompilation \
 *     -cp ... dev.slidr.replay.FirstLocalJob [RUNS]
 * </pre>
 */
public final class FirstLocalJob {

    private FirstLocalJob() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            long first = -1;
            try (CloseableIterator<Long> it =
                    env.fromSequence(1, 1_000)
                            .keyBy(n -> n % 16, Types.LONG)
                            .reduce(Long::sum)
                            .executeAndCollect("first local job")) {
                while (it.hasNext()) {
                    it.next();
                    if (first < 0) {
                        first = System.nanoTime();
                    }
                }
            }
            System.out.printf(
                    "run %d: first record after %.2f s, done after %.2f s%n",
                    run, (first - start) / 1e9, (System.nanoTime() - start) / 1e9);
        }
    }
}
