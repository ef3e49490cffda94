package dev.slidr.bench.run;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.scoring.ExecutionProvider;
import dev.slidr.inference.scoring.OnnxScorer;
import dev.slidr.inference.scoring.ScorerOptions;
import dev.slidr.training.FeatureNormalizer;
import dev.slidr.training.OnnxModelExporter;
import dev.slidr.training.OnnxModelMetadata;
import dev.slidr.training.RobotNetwork;
import dev.slidr.training.ScoringModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The GPU build's check ({@code deploy/gpu/check.sh}): the scorer on ONNX Runtime's CUDA provider
 * must score what the CPU provider scores on the same rows (largest difference at most {@link
 * #PARITY_LIMIT}), then JMH times the scorer at batch 1 to 4096 on CUDA and on the CPU. The model
 * is the production network's shape (features-32-16-1 with its normalizer) with seeded weights,
 * exported by the production exporter, so no registry is needed. Results go to {@code --out} as
 * {@code parity.json} and {@code scorer.json}.
 *
 * <pre>{@code
 * java -cp cli/target/slidr.jar dev.slidr.bench.run.CudaScorerCheck --out target/gpu-check
 * }</pre>
 *
 * <p>Exit codes: 0 passed; 1 the providers disagree; 2 bad options; 3 no CUDA device (or no CUDA
 * build of ONNX Runtime), said in one line.
 */
public final class CudaScorerCheck {

    /** The largest difference between a CUDA and a CPU score of one row that passes. */
    public static final double PARITY_LIMIT = 1e-5;

    static final int EXIT_DISAGREE = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_NO_CUDA = 3;

    /** The batch sizes JMH times: powers of two from 1 to 4096. */
    static final List<Integer> BATCHES = powersOfTwo(4096);

    static final List<Integer> QUICK_BATCHES = List.of(1, 64, 4096);

    private static final int PARITY_ROWS = 20_000;
    private static final int HIDDEN1 = 32;
    private static final int HIDDEN2 = 16;
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CudaScorerCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The options: {@code --out DIR} (required) and {@code --quick}. */
    record Options(Path out, boolean quick) {

        static Options parse(String[] args) {
            Path out = null;
            boolean quick = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--quick")) {
                    quick = true;
                } else if (arg.equals("--out")) {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new IllegalArgumentException("--out needs a directory");
                    }
                    out = Path.of(args[++i]);
                } else {
                    throw new IllegalArgumentException(
                            "unknown argument "
                                    + printable(arg)
                                    + " (options: --out DIR [--quick])");
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out DIR is required");
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is not a directory");
            }
            return new Options(out, quick);
        }
    }

    /** Runs the check; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("gpu check: error: " + e.getMessage());
            return EXIT_USAGE;
        }
        try {
            return check(options, out, err);
        } catch (Exception e) {
            err.println("gpu check: failed: " + e);
            return EXIT_DISAGREE;
        }
    }

    private static int check(Options options, PrintStream out, PrintStream err) throws Exception {
        quietEnvironment();
        Files.createDirectories(options.out());
        List<String> names = FeatureSchema.CURRENT.names();
        float[][] rows = rows(PARITY_ROWS, names.size(), 11L);
        ScoringModel model = model(names.size());
        byte[] onnx = onnx(model);
        Path modelFile = Files.write(options.out().resolve("model.onnx"), onnx);

        String missing = cudaUnavailable(onnx);
        if (missing != null) {
            err.println("gpu check: no CUDA device: " + missing);
            return EXIT_NO_CUDA;
        }
        Parity cuda = parity(onnx, rows, ExecutionProvider.CUDA);
        Parity reference = referenceParity(model, onnx, rows);
        Map<String, Object> parity = new LinkedHashMap<>();
        parity.put("rows", rows.length);
        parity.put("limit", PARITY_LIMIT);
        parity.put("max_abs_diff_cuda_vs_cpu", cuda.maxAbsDifference());
        parity.put("worst_row", cuda.worstRow());
        parity.put("max_abs_diff_cpu_vs_trainer", reference.maxAbsDifference());
        parity.put("passed", cuda.maxAbsDifference() <= PARITY_LIMIT);
        JSON.writeValue(options.out().resolve("parity.json").toFile(), parity);
        out.printf(
                "parity: %d rows, max |CUDA - CPU| = %.3g (limit %.0e), max |CPU - trainer| ="
                        + " %.3g%n",
                rows.length, cuda.maxAbsDifference(), PARITY_LIMIT, reference.maxAbsDifference());
        if (!(cuda.maxAbsDifference() <= PARITY_LIMIT)) {
            err.println(
                    "gpu check: CUDA and CPU scores differ by "
                            + cuda.maxAbsDifference()
                            + " at row "
                            + cuda.worstRow()
                            + ", more than "
                            + PARITY_LIMIT);
            return EXIT_DISAGREE;
        }

        List<Integer> batches = options.quick() ? QUICK_BATCHES : BATCHES;
        ScorerRuns.Settings settings =
                options.quick()
                        ? new ScorerRuns.Settings(1, 1, 1, TimeValue.milliseconds(300))
                        : new ScorerRuns.Settings(1, 2, 3, TimeValue.seconds(1));
        List<Map<String, Object>> results = new ArrayList<>();
        for (ScorerRuns.Row row :
                ScorerRuns.runModelFile(modelFile, batches, List.of("CUDA", "CPU"), settings)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", row.provider());
            m.put("batch", row.batch());
            m.put("us_per_call", row.microsPerCall());
            m.put("error", Double.isNaN(row.error()) ? null : row.error());
            m.put("rows_per_second", Math.round(row.rowsPerSecond()));
            results.add(m);
            out.printf(
                    "scorer: %-4s batch %4d  %10.2f us/call  %12d rows/s%n",
                    row.provider(),
                    row.batch(),
                    row.microsPerCall(),
                    Math.round(row.rowsPerSecond()));
        }
        Map<String, Object> scorer = new LinkedHashMap<>();
        scorer.put("model", "features-" + HIDDEN1 + "-" + HIDDEN2 + "-1, seeded weights");
        scorer.put("jmh", settings.toString());
        scorer.put("rows", results);
        JSON.writeValue(options.out().resolve("scorer.json").toFile(), scorer);
        out.println("gpu check: passed; results in " + options.out());
        return 0;
    }

    /** The largest difference between two scorers' scores of the same rows, and where. */
    record Parity(double maxAbsDifference, int worstRow) {}

    /**
     * Scores {@code rows} with the scorer on {@code provider} and on the CPU, in batches of up to
     * 4096 rows (the largest the job's micro-batcher sends), and compares them.
     */
    static Parity parity(byte[] onnx, float[][] rows, ExecutionProvider provider) throws Exception {
        List<String> names = FeatureSchema.CURRENT.names();
        try (OnnxScorer cpu = OnnxScorer.open(onnx, names, ScorerOptions.defaults());
                OnnxScorer other =
                        OnnxScorer.open(
                                onnx, names, ScorerOptions.defaults().withProvider(provider, 0))) {
            if (other.activeProvider() != provider) {
                throw new IllegalStateException(
                        provider
                                + " did not start: "
                                + other.fallbackReason().orElse("unknown reason"));
            }
            return compare(score(cpu, rows), score(other, rows));
        }
    }

    /**
     * The CPU scorer against the trainer's own forward pass: the CPU side of the check, which a
     * machine without a GPU can run too.
     */
    static Parity referenceParity(ScoringModel model, byte[] onnx, float[][] rows)
            throws Exception {
        try (OnnxScorer cpu =
                OnnxScorer.open(onnx, FeatureSchema.CURRENT.names(), ScorerOptions.defaults())) {
            double[] expected = model.score(rows);
            float[] asFloats = new float[expected.length];
            for (int i = 0; i < expected.length; i++) {
                asFloats[i] = (float) expected[i];
            }
            return compare(asFloats, score(cpu, rows));
        }
    }

    /**
     * Why the CUDA provider cannot score here (the CPU build of ONNX Runtime, no device, no CUDA 12
     * or cuDNN 9 libraries), or null when it starts. Asks ONNX Runtime directly rather than through
     * the scorer, whose fallback to the CPU would log a warning beside the one line the check
     * prints.
     */
    static String cudaUnavailable(byte[] onnx) {
        try {
            OrtEnvironment env = quietEnvironment();
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                return "this ONNX Runtime build has no CUDA provider (available: "
                        + OrtEnvironment.getAvailableProviders()
                        + "); build with mvn -Pgpu";
            }
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.addCUDA(0);
                // a session that opens on CUDA is the proof; it is not used
                env.createSession(onnx, options).close();
                return null;
            }
        } catch (OrtException | RuntimeException | LinkageError e) {
            String message = String.valueOf(e.getMessage());
            return message.lines().findFirst().orElse(e.toString())
                    + " (the CUDA provider needs an NVIDIA GPU and driver, CUDA 12 and cuDNN 9:"
                    + " deploy/gpu/README.md)";
        }
    }

    /**
     * The process's ONNX Runtime environment, logging fatal errors only: a CUDA provider that
     * cannot load its libraries is reported once, as an exception, not also by the native logger.
     */
    private static OrtEnvironment quietEnvironment() {
        return OrtEnvironment.getEnvironment(
                OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "slidr-gpu-check");
    }

    private static float[] score(OnnxScorer scorer, float[][] rows) {
        int width = rows[0].length;
        float[] scores = new float[rows.length];
        for (int start = 0; start < rows.length; start += 4096) {
            int n = Math.min(4096, rows.length - start);
            float[] flat = new float[n * width];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[start + i], 0, flat, i * width, width);
            }
            System.arraycopy(scorer.score(flat, n), 0, scores, start, n);
        }
        return scores;
    }

    private static Parity compare(float[] a, float[] b) {
        double max = 0;
        int worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return new Parity(Double.POSITIVE_INFINITY, i);
            }
            if (d > max) {
                max = d;
                worst = i;
            }
        }
        return new Parity(max, worst);
    }

    /**
     * The production network's shape with seeded He-initialized weights and a normalizer fitted to
     * the check's own rows (counts on a log scale), so scores spread over (0, 1).
     */
    static ScoringModel model(int features) {
        boolean[] counts = new boolean[features];
        for (int j = 0; j < features; j++) {
            counts[j] = j % 2 == 0;
        }
        FeatureNormalizer normalizer =
                FeatureNormalizer.fit(rows(2_000, features, 5L), counts, 1e-3);
        return new ScoringModel(normalizer, RobotNetwork.mlp(features, HIDDEN1, HIDDEN2, 7L));
    }

    /** The ONNX graph of {@code model}, as the trainer exports it. */
    static byte[] onnx(ScoringModel model) {
        return OnnxModelExporter.toBytes(
                model,
                new OnnxModelMetadata(
                        "gpu-check",
                        FeatureSchema.CURRENT.version(),
                        FeatureSchema.CURRENT.names(),
                        "mlp"));
    }

    /**
     * Seeded rows in the ranges raw features take: counts (even columns) from 0 to a few hundred,
     * rates and times (odd columns) of any sign and size up to a few thousand.
     */
    static float[][] rows(int n, int features, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[n][features];
        for (float[] row : rows) {
            for (int j = 0; j < features; j++) {
                row[j] =
                        j % 2 == 0
                                ? (float) Math.floor(Math.abs(random.nextGaussian()) * 50)
                                : (float) (random.nextGaussian() * Math.pow(10, j % 4));
            }
        }
        return rows;
    }

    static List<Integer> powersOfTwo(int max) {
        List<Integer> out = new ArrayList<>();
        for (int b = 1; b <= max; b *= 2) {
            out.add(b);
        }
        return List.copyOf(out);
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder b = new StringBuilder("'");
        shown.codePoints()
                .forEach(
                        c -> {
                            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                                b.append(String.format("\\u%04x", c));
                            } else {
                                b.appendCodePoint(c);
                            }
                        });
        return b.append("'").toString();
    }
}
