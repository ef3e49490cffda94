package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slidr soak} refuses bad options with one clear line and exit code 2, before any work. */
class SoakCommandTest {

    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    private int run(String... args) {
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "soak";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private String oneLine() {
        return err.toString().lines().findFirst().orElse("");
    }

    @Test
    void refusesAnUnknownFault() {
        assertThat(run("--faults", "tm-kill,meteor")).isEqualTo(2);
        assertThat(oneLine())
                .contains("--faults: unknown fault 'meteor'")
                .contains("tm-kill,jm-restart,broker-restart,operator-exception");
    }

    @Test
    void refusesAnEmptyFaultList() {
        assertThat(run("--faults", "")).isEqualTo(2);
        assertThat(oneLine()).contains("unknown fault ''");
    }

    @Test
    void boundsAnOversizedFaultNameInItsError() {
        assertThat(run("--faults", "x".repeat(10_000))).isEqualTo(2);
        assertThat(oneLine()).hasSizeLessThan(300);
    }

    @Test
    void refusesAClickCountOutOfRange() {
        assertThat(run("--clicks", "0")).isEqualTo(2);
        assertThat(oneLine()).contains("--clicks must be in [1, 50000000], was 0");
    }

    @Test
    void refusesAClickCountThatIsNotANumber() {
        assertThat(run("--clicks", "lots")).isEqualTo(2);
        assertThat(oneLine()).contains("--clicks").contains("lots");
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThat(run("--rate", "-3")).isEqualTo(2);
        assertThat(oneLine()).contains("--rate must be in (0, 1000000], was -3.0");
        assertThat(run("--rate", "NaN")).isEqualTo(2);
    }

    @Test
    void refusesAHostileCountOutOfRange() {
        assertThat(run("--hostile", "-1")).isEqualTo(2);
        assertThat(oneLine()).contains("--hostile must be in [0, 10000000], was -1");
        assertThat(run("--hostile", "99999999999")).isEqualTo(2);
        assertThat(oneLine()).contains("--hostile must be in [0, 10000000]");
    }

    @Test
    void refusesAHostileCountThatIsNotANumber() {
        assertThat(run("--hostile", "\u0000lots")).isEqualTo(2);
        assertThat(oneLine()).contains("--hostile");
        assertThat(run("--hostile")).isEqualTo(2);
        assertThat(oneLine()).contains("--hostile");
    }

    @Test
    void refusesAParallelismAboveTheSlots() {
        assertThat(run("--task-managers", "2", "--parallelism", "5")).isEqualTo(2);
        assertThat(oneLine()).contains("--parallelism must be in [1, 4], was 5");
    }

    @Test
    void refusesASummaryPathThatIsADirectory() throws Exception {
        Path jar = Files.writeString(dir.resolve("job.jar"), "x");
        Path cp = Files.writeString(dir.resolve("cp"), "x");
        Path conf = Files.writeString(dir.resolve("config.yaml"), "x: 1");
        assertThat(
                        run(
                                "--job-jar", jar.toString(),
                                "--cluster-classpath", cp.toString(),
                                "--flink-config", conf.toString(),
                                "--summary", dir.toString()))
                .isEqualTo(2);
        assertThat(oneLine()).contains("--summary").contains("is a directory");
    }

    @Test
    void refusesAWorkDirectoryThatIsAFile() throws Exception {
        Path jar = Files.writeString(dir.resolve("job.jar"), "x");
        Path cp = Files.writeString(dir.resolve("cp"), "x");
        Path conf = Files.writeString(dir.resolve("config.yaml"), "x: 1");
        assertThat(
                        run(
                                "--job-jar", jar.toString(),
                                "--cluster-classpath", cp.toString(),
                                "--flink-config", conf.toString(),
                                "--work", jar.toString()))
                .isEqualTo(2);
        assertThat(oneLine()).contains("--work").contains("is a file, not a directory");
    }
}
