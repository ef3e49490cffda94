package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code slidr rehearse-upgrade} refuses bad options with one clear line and exit code 2, before
 * any work.
 */
class RehearseUpgradeCommandTest {

    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    private int run(String... args) {
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "rehearse-upgrade";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private String oneLine() {
        return err.toString().lines().findFirst().orElse("");
    }

    @Test
    void refusesAnUpgradePointOutsideTheStream() {
        assertThat(run("--upgrade-at", "0")).isEqualTo(2);
        assertThat(oneLine()).contains("--upgrade-at must be in (0, 1), was 0.0");
        assertThat(run("--upgrade-at", "1")).isEqualTo(2);
        assertThat(run("--upgrade-at", "NaN")).isEqualTo(2);
    }

    @Test
    void refusesAnUpgradePointThatIsNotANumber() {
        assertThat(run("--upgrade-at", "half")).isEqualTo(2);
        assertThat(oneLine()).contains("--upgrade-at").contains("half");
    }

    @Test
    void refusesAParallelismAboveTheSlots() {
        assertThat(run("--task-managers", "1", "--parallelism-after", "3")).isEqualTo(2);
        assertThat(oneLine()).contains("--parallelism-after must be in [1, 2], was 3");
        assertThat(run("--parallelism-before", "0")).isEqualTo(2);
    }

    @Test
    void refusesAClickCountOutOfRange() {
        assertThat(run("--clicks", "-5")).isEqualTo(2);
        assertThat(oneLine()).contains("--clicks must be in [1, 50000000], was -5");
    }

    @Test
    void refusesAVersionWithSpacesOrControlCharactersAndBoundsItsEcho() {
        assertThat(run("--to-version", "1.0 beta")).isEqualTo(2);
        assertThat(oneLine()).contains("--to-version must be 1 to 64 letters");
        assertThat(run("--to-version", "1.0\u0000")).isEqualTo(2);
        assertThat(run("--to-version", "9".repeat(100_000))).isEqualTo(2);
        assertThat(oneLine()).hasSizeLessThan(300);
    }

    @Test
    void refusesAJobJarThatDeclaresNoVersion() throws Exception {
        Path notAJar = Files.writeString(dir.resolve("job.jar"), "not a jar");
        Path classpath = Files.writeString(dir.resolve("cp"), "");

        assertThat(
                        run(
                                "--job-jar",
                                notAJar.toString(),
                                "--cluster-classpath",
                                classpath.toString(),
                                "--flink-config",
                                Files.writeString(dir.resolve("c.yaml"), "a: b").toString(),
                                "--work",
                                dir.resolve("work").toString()))
                .isEqualTo(2);
        assertThat(oneLine()).contains("is not a job jar that declares a version");
    }

    @Test
    void refusesAMissingTimeoutValue() {
        assertThat(run("--timeout")).isEqualTo(2);
        assertThat(oneLine()).contains("--timeout");
    }

    @Test
    void refusesAnUnknownOption() {
        assertThat(run("--parallelism", "3")).isEqualTo(2);
        assertThat(err.toString().lines().count()).isLessThanOrEqualTo(3);
        assertThat(oneLine()).contains("--parallelism");
    }
}
