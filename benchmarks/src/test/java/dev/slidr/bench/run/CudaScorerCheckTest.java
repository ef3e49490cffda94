package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.scoring.ExecutionProvider;
import dev.slidr.training.ScoringModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parts of the GPU check that run without a GPU: the CPU side of the parity check, the one-line
 * exit where no CUDA device is, through the class and through {@code deploy/gpu/check.sh}, and its
 * options.
 */
class CudaScorerCheckTest {

    private static final int F = FeatureSchema.CURRENT.names().size();

    @TempDir Path tmp;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                CudaScorerCheck.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static boolean noCuda() {
        return CudaScorerCheck.cudaUnavailable(CudaScorerCheck.onnx(CudaScorerCheck.model(F)))
                != null;
    }

    @Test
    void theCpuScorerScoresAsTheTrainersForwardPassWithinTheLimit() throws Exception {
        ScoringModel model = CudaScorerCheck.model(F);
        float[][] rows = CudaScorerCheck.rows(5_000, F, 11L);

        CudaScorerCheck.Parity parity =
                CudaScorerCheck.referenceParity(model, CudaScorerCheck.onnx(model), rows);

        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(CudaScorerCheck.PARITY_LIMIT);
    }

    @Test
    void theParityCheckFindsAModelThatScoresDifferently() throws Exception {
        ScoringModel model = CudaScorerCheck.model(F);
        ScoringModel other =
                new ScoringModel(
                        model.normalizer(), dev.slidr.training.RobotNetwork.mlp(F, 32, 16, 8L));
        float[][] rows = CudaScorerCheck.rows(1_000, F, 11L);

        CudaScorerCheck.Parity parity =
                CudaScorerCheck.referenceParity(other, CudaScorerCheck.onnx(model), rows);

        assertThat(parity.maxAbsDifference()).isGreaterThan(1e-3);
    }

    @Test
    void theSameRowsOnTheSameProviderScoreIdentically() throws Exception {
        byte[] onnx = CudaScorerCheck.onnx(CudaScorerCheck.model(F));

        CudaScorerCheck.Parity parity =
                CudaScorerCheck.parity(
                        onnx, CudaScorerCheck.rows(5_000, F, 3L), ExecutionProvider.CPU);

        assertThat(parity.maxAbsDifference()).isZero();
    }

    @Test
    void theModelsScoresSpreadOverTheUnitInterval() {
        ScoringModel model = CudaScorerCheck.model(F);
        double[] scores = model.score(CudaScorerCheck.rows(2_000, F, 11L));

        // a parity check on scores all near 0 or 1 would compare saturated sigmoids only
        assertThat(java.util.Arrays.stream(scores).filter(s -> s > 0.05 && s < 0.95).count())
                .isGreaterThan(200);
    }

    @Test
    void withoutACudaDeviceItSaysSoInOneLineAndExitsThree() {
        assumeTrue(noCuda(), "this machine has a CUDA device");

        Result r = run("--out", tmp.resolve("out").toString());

        assertThat(r.exitCode()).isEqualTo(CudaScorerCheck.EXIT_NO_CUDA);
        assertThat(r.err().lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("gpu check: no CUDA device: "));
        assertThat(tmp.resolve("out/parity.json")).doesNotExist();
        assertThat(tmp.resolve("out/scorer.json")).doesNotExist();
    }

    @Test
    void theScriptSaysSoInOneLineAndExitsThreeWithoutACudaDevice() throws Exception {
        assumeTrue(noCuda(), "this machine has a CUDA device");
        Path script = Path.of("..", "deploy", "gpu", "check.sh").toAbsolutePath().normalize();
        Path out = tmp.resolve("script-out");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), out.toString());
        pb.environment().put("SLIDR_SKIP_BUILD", "1");
        pb.environment().put("SLIDR_GPU_CLASSPATH", System.getProperty("java.class.path"));
        // the test class path has no SLF4J provider (bin/slidr's jar has log4j): keep SLF4J's
        // own notice about that out of the output under test
        pb.environment().put("SLIDR_JAVA_OPTS", "-Xmx1g -Dslf4j.internal.verbosity=ERROR");
        pb.redirectOutput(tmp.resolve("stdout").toFile());
        pb.redirectError(tmp.resolve("stderr").toFile());

        Process process = pb.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the script ended").isTrue();

        assertThat(process.exitValue()).isEqualTo(3);
        List<String> err = Files.readAllLines(tmp.resolve("stderr"));
        assertThat(err)
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("gpu check: no CUDA device: "));
        assertThat(Files.readString(out.resolve("check.log"))).contains("no CUDA device");
    }

    @Test
    void theScriptRefusesAnUnknownOptionInOneLine() throws Exception {
        Path script = Path.of("..", "deploy", "gpu", "check.sh").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--fast");
        pb.environment().put("SLIDR_SKIP_BUILD", "1");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.strip()).contains("unknown option --fast").doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no --out | --quick | --out DIR is required",
                "--out without a value | --out | --out needs a directory",
                "an unknown option | --batches=1 | unknown argument '--batches=1'",
                "a control character | a\u0007b | unknown argument 'a\\u0007b'",
            })
    void badOptionsExitTwoWithOneLine(String what, String args, String message) {
        Result r = run(args.split(" "));

        assertThat(r.exitCode()).as(what).isEqualTo(CudaScorerCheck.EXIT_USAGE);
        assertThat(r.err().lines().toList())
                .as(what)
                .singleElement()
                .satisfies(
                        line ->
                                assertThat(line)
                                        .startsWith("gpu check: error: ")
                                        .contains(message));
    }

    @Test
    void anOutThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        Result r = run("--out", file.toString());

        assertThat(r.exitCode()).isEqualTo(CudaScorerCheck.EXIT_USAGE);
        assertThat(r.err()).contains("is not a directory");
    }

    @Test
    void anOversizedArgumentIsShortenedInTheMessage() {
        Result r = run("x".repeat(10_000));

        assertThat(r.exitCode()).isEqualTo(CudaScorerCheck.EXIT_USAGE);
        assertThat(r.err().length()).isLessThan(300);
    }

    @Test
    void jmhTimesBatchesOneToFourThousandNinetySix() {
        assertThat(CudaScorerCheck.BATCHES).hasSize(13).startsWith(1, 2, 4).endsWith(2048, 4096);
        assertThat(Map.of("quick", CudaScorerCheck.QUICK_BATCHES))
                .containsEntry("quick", List.of(1, 64, 4096));
    }
}
