package dev.slidr.inference.scoring;

import java.util.Collection;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Time of one {@link OnnxScorer#score} call on the CPU (one intra-op thread, as in the job) for a
 * model of the production shape (the current schema's features, hidden widths 32-16), per batch
 * size and per number of averaged networks ({@code train --networks}: 1, 3, 5, or 8 as by default,
 * whose hidden layers are 256-128). {@link #main} runs JMH with the given command-line options and
 * prints per-row latency and rows per second.
 *
 * <pre>{@code
 * java -cp <test classpath> dev.slidr.inference.scoring.ScorerBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScorerBenchmark {

    @Param({"1", "8", "64", "512"})
    public int batch;

    @Param({"1", "3", "5", "8"})
    public int networks;

    private OnnxScorer scorer;
    private float[] flat;

    @Setup(Level.Trial)
    public void open() throws Exception {
        TestModels models = TestModels.productionSized(networks);
        scorer = OnnxScorer.open(models.onnx(), TestModels.NAMES, ScorerOptions.defaults());
        Random random = new Random(7);
        float[][] rows = new float[batch][];
        for (int i = 0; i < batch; i++) {
            rows[i] = TestModels.randomRow(random);
        }
        flat = TestModels.flatten(rows);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        scorer.close();
    }

    @Benchmark
    public float[] score() {
        return scorer.score(flat, batch);
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results =
                new Runner(
                                new OptionsBuilder()
                                        .parent(cli)
                                        .include(ScorerBenchmark.class.getName() + ".score")
                                        .build())
                        .run();
        System.out.println();
        System.out.printf(
                "%8s %8s %14s %16s %14s%n", "networks", "batch", "us/call", "us/row", "rows/s");
        for (RunResult result : results) {
            int batch = Integer.parseInt(result.getParams().getParam("batch"));
            int networks = Integer.parseInt(result.getParams().getParam("networks"));
            double microsPerCall = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            System.out.printf(
                    "%8d %8d %8.2f ± %-5.2f %16.3f %14.0f%n",
                    networks,
                    batch,
                    microsPerCall,
                    error,
                    microsPerCall / batch,
                    batch * 1e6 / microsPerCall);
        }
    }
}
