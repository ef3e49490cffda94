package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slidr} in a forked JVM with a small heap, as a user runs it: training on simulated days
 * whose clicks do not fit in that heap as objects, and a command that exhausts the heap ending in
 * one line and exit code 4.
 */
class TrainInSmallHeapITCase {

    /** What a forked {@code java} printed and returned. */
    private record Forked(int exitCode, String out, String err) {}

    private static Forked fork(Path dir, String heap, String main, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the forked JVM did not end: " + Files.readString(err));
        }
        return new Forked(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void trainsOnThreeSimulatedDaysInA512MiBHeapAndPublishesTheModel(@TempDir Path dir)
            throws Exception {
        Path sim = dir.resolve("sim");
        int simulated =
                SlidrCommand.commandLine()
                        .execute(
                                "simulate",
                                "--days",
                                "3",
                                "--seed",
                                "11",
                                "--out",
                                sim.toString(),
                                "--quiet");
        assertThat(simulated).isZero();
        // about 900,000 clicks: as Click objects alone they would take more than the heap
        assertThat(Files.size(sim.resolve("clicks.jsonl"))).isGreaterThan(300L << 20);
        Path registry = dir.resolve("registry");
        Path summary = dir.resolve("train.json");

        Forked r =
                fork(
                        dir,
                        "-Xmx512m",
                        SlidrCommand.class.getName(),
                        List.of(
                                "train",
                                "--clicks",
                                sim.resolve("clicks.jsonl").toString(),
                                "--conversions",
                                sim.resolve("conversions.jsonl").toString(),
                                "--rfm",
                                sim.resolve("rfm.csv").toString(),
                                "--truth",
                                sim.resolve("truth.csv").toString(),
                                "--registry",
                                registry.toString(),
                                "--summary",
                                summary.toString(),
                                "--epochs",
                                "2",
                                "--max-train-rows",
                                "50000",
                                "--threads",
                                "2"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("OutOfMemoryError").doesNotContain("out of memory");
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.get("registered").asBoolean()).isTrue();
        String version = json.get("model_version").asText();
        assertThat(r.out()).contains("model " + version).contains("registered");
        assertThat(registry.resolve("models").resolve(version)).isDirectory();
    }

    @Test
    void aCommandThatExhaustsTheHeapPrintsOneLineAndExitsFour(@TempDir Path dir) throws Exception {
        for (List<String> args :
                List.of(List.of("exhaust-heap"), List.of("exhaust-heap", "--in-thread"))) {
            Forked r = fork(dir, "-Xmx64m", TestingHeapExhaustion.class.getName(), args);

            assertThat(r.exitCode()).as("%s: %s", args, r.err()).isEqualTo(4);
            assertThat(r.err().lines().toList())
                    .as("%s", args)
                    .singleElement()
                    .asString()
                    .startsWith("slidr: out of memory (heap ")
                    .contains("SLIDR_JAVA_OPTS=-Xmx")
                    .contains("--max-train-rows");
        }
    }
}
