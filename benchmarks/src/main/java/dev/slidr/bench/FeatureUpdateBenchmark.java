package dev.slidr.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Feature updates per second on one core (one benchmark thread): a click added to its user state,
 * to its IP state, or to both with the vector assembled, over {@link SyntheticTraffic} in arrival
 * order (see {@link FeatureWorkload}). Each invocation processes {@link #BATCH} clicks; scores are
 * per click.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FeatureUpdateBenchmark -f 1 -wi 3 -i 5 -w 5s -r 3s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 3)
public class FeatureUpdateBenchmark {

    static final int BATCH = 1_000;

    private FeatureWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new FeatureWorkload(SyntheticTraffic.generate(20260302L));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void userCounters(Blackhole bh) {
        for (int j = 0; j < BATCH; j++) {
            bh.consume(workload.user());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void adCounters(Blackhole bh) {
        for (int j = 0; j < BATCH; j++) {
            bh.consume(workload.ad());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipCounters(Blackhole bh) {
        for (int j = 0; j < BATCH; j++) {
            bh.consume(workload.ip());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fullClick(Blackhole bh) {
        for (int j = 0; j < BATCH; j++) {
            bh.consume(workload.fullClick());
        }
    }
}
