package dev.slidr.bench.run;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.scoring.ExecutionProvider;
import dev.slidr.inference.scoring.OnnxScorer;
import dev.slidr.inference.scoring.ScorerOptions;
import dev.slidr.job.model.BundleModels;
import dev.slidr.registry.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The scorer alone under JMH: one {@link OnnxScorer#score} call of the bench's model (one intra-op
 * thread, as in the job) per batch size and execution provider. {@link #run} drives JMH's {@link
 * Runner}; the model is the one the bench runs the job with, so the figures describe the same
 * network.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScorerRuns {

    /** One JMH result: a batch size on a provider. */
    record Row(String provider, int batch, double microsPerCall, double error) {

        double rowsPerSecond() {
            return batch * 1e6 / microsPerCall;
        }
    }

    /** JMH settings: forks (0 runs in this JVM), iterations and their length. */
    public record Settings(int forks, int warmups, int iterations, TimeValue time) {}

    @Param({"1"})
    public int batch;

    @Param({"CPU"})
    public String provider;

    /** The model's bundle directory in the registry (models/VERSION). */
    @Param({""})
    public String bundleDir;

    /**
     * An ONNX model file of the current feature schema, used instead of a bundle when set ({@link
     * CudaScorerCheck}); rows come from {@link CudaScorerCheck#rows}.
     */
    @Param({""})
    public String modelFile;

    private OnnxScorer scorer;
    private float[] flat;

    @Setup(Level.Trial)
    public void open() throws Exception {
        if (!modelFile.isEmpty()) {
            List<String> names = FeatureSchema.CURRENT.names();
            scorer =
                    OnnxScorer.open(
                            Files.readAllBytes(Path.of(modelFile)),
                            names,
                            ScorerOptions.defaults()
                                    .withProvider(ExecutionProvider.valueOf(provider), 0));
            flat = new float[batch * names.size()];
            float[][] rows = CudaScorerCheck.rows(batch, names.size(), 13L);
            for (int i = 0; i < batch; i++) {
                System.arraycopy(rows[i], 0, flat, i * names.size(), names.size());
            }
            return;
        }
        DeployedModel model = deployed(Path.of(bundleDir));
        scorer =
                OnnxScorer.open(
                        model.onnx(),
                        model.featureNames(),
                        ScorerOptions.defaults()
                                .withProvider(ExecutionProvider.valueOf(provider), 0));
        flat = rows(model, batch);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        scorer.close();
    }

    @Benchmark
    public float[] score() {
        return scorer.score(flat, batch);
    }

    /** {@code n} rows around the model's reference features, flattened. */
    static float[] rows(DeployedModel model, int n) {
        float[] reference = model.referenceFeatures();
        int f = model.featureCount();
        float[] out = new float[n * f];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                float base = j < reference.length ? reference[j] : 0f;
                out[i * f + j] = base * (float) (0.5 + random.nextDouble());
            }
        }
        return out;
    }

    /**
     * Why CUDA rows cannot be measured here, or null when the CUDA provider starts (the job's
     * fallback rule: the scorer says which provider it got).
     */
    static String cudaUnavailable(Path bundleDir) throws Exception {
        DeployedModel model = deployed(bundleDir);
        try (OnnxScorer scorer =
                OnnxScorer.open(
                        model.onnx(),
                        model.featureNames(),
                        ScorerOptions.defaults().withProvider(ExecutionProvider.CUDA, 0))) {
            return scorer.activeProvider() == ExecutionProvider.CUDA
                    ? null
                    : "no GPU on this machine ("
                            + scorer.fallbackReason().orElse("the CUDA provider did not start")
                            + ")";
        } catch (Exception e) {
            return "no GPU on this machine (" + e.getMessage() + ")";
        }
    }

    /** Runs JMH for every batch size on every provider. */
    /**
     * The bundle's model; its checksums are verified again (its signature was, when the bench chose
     * it from the registry).
     */
    static DeployedModel deployed(Path bundleDir) throws Exception {
        return BundleModels.deployed(ModelBundle.load(bundleDir));
    }

    static List<Row> run(Path bundleDir, List<Integer> batches, List<String> providers, Settings s)
            throws Exception {
        return run("bundleDir", bundleDir, batches, providers, s);
    }

    /** As {@link #run(Path, List, List, Settings)}, for an ONNX model file instead of a bundle. */
    static List<Row> runModelFile(
            Path modelFile, List<Integer> batches, List<String> providers, Settings s)
            throws Exception {
        return run("modelFile", modelFile, batches, providers, s);
    }

    private static List<Row> run(
            String modelParam,
            Path model,
            List<Integer> batches,
            List<String> providers,
            Settings s)
            throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(ScorerRuns.class.getName() + ".score")
                .param("batch", batches.stream().map(String::valueOf).toArray(String[]::new))
                .param("provider", providers.toArray(String[]::new))
                .param(modelParam, model.toAbsolutePath().toString())
                .forks(s.forks())
                .warmupIterations(s.warmups())
                .warmupTime(s.time())
                .measurementIterations(s.iterations())
                .measurementTime(s.time())
                .threads(1)
                .jvmArgsAppend("-Xmx1g")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            rows.add(
                    new Row(
                            result.getParams().getParam("provider"),
                            Integer.parseInt(result.getParams().getParam("batch")),
                            result.getPrimaryResult().getScore(),
                            result.getPrimaryResult().getScoreError()));
        }
        return rows;
    }
}
