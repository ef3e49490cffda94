package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slidr bench} refuses bad options with one clear line and exit code 2, before any work. */
class BenchCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void refusesANonPositiveClickCount() {
        assertThat(run("--clicks", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--clicks must be in [1, 50000000], was 0");
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThat(run("--rates", "1000,-5")).isEqualTo(2);
        assertThat(err.toString()).contains("each rate must be in (0, 1000000]", "-5.0");
    }

    @Test
    void refusesARateThatIsNotANumber() {
        assertThat(run("--rates", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--rates").contains("fast");
    }

    @Test
    void refusesAZeroParallelism() {
        assertThat(run("--parallelism", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--parallelism must be in [1, 64], was 0");
    }

    @Test
    void refusesRateSecondsOutOfRange() {
        assertThat(run("--quick", "--rate-seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate-seconds must be in [1, 3600], was 0");
    }

    @Test
    void refusesThroughputRoundsOutOfRange() {
        assertThat(run("--throughput-rounds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--throughput-rounds must be in [1, 10], was 0");
    }

    @Test
    void refusesThroughputRoundsThatAreNotANumber() {
        assertThat(run("--throughput-rounds", "twice")).isEqualTo(2);
        assertThat(err.toString()).contains("--throughput-rounds").contains("twice");
    }

    @Test
    void refusesASettingWithoutAValue() {
        assertThat(run("--set", "execution.buffer-timeout.interval=")).isEqualTo(2);
        assertThat(err.toString()).contains("--set needs KEY=VALUE");
    }

    @Test
    void refusesScorerIterationsTooShort() {
        assertThat(run("--scorer-millis", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--scorer-millis must be in [10, 60000], was 1");
    }

    @Test
    void refusesAnUnknownPart() {
        assertThat(run("--parts", "throughput,speed")).isEqualTo(2);
        assertThat(err.toString()).contains("--parts: unknown part 'speed'");
    }

    @Test
    void refusesASummaryInAMissingDirectory(@TempDir Path dir) {
        assertThat(run("--summary", dir.resolve("no/such/bench.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--summary").contains("does not exist");
    }

    @Test
    void refusesADocsPageWithoutMarkers(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("benchmarks.md");
        Files.writeString(page, "# Benchmarks\n\nno markers here\n");
        assertThat(run("--write-docs", page.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("--write-docs")
                .contains("needs one '<!-- bench:begin -->' line followed by one");
    }

    @Test
    void refusesAMissingDocsPage(@TempDir Path dir) {
        assertThat(run("--write-docs", dir.resolve("absent.md").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.md is not a file");
    }
}
