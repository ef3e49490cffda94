package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The options {@code soak} and {@code rehearse-upgrade} share ({@link ClusterRunOptions}) refuse
 * bad values alike in both commands, with one clear line and exit code 2, before any work.
 */
class ClusterRunOptionsTest {

    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    private int run(String command, String... args) {
        CommandLine cli = SlidrCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private String oneLine() {
        return err.toString().lines().findFirst().orElse("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soak", "rehearse-upgrade"})
    void refusesAMemorySizeThatIsNotOne(String command) {
        assertThat(run(command, "--task-manager-memory", "lots\u0000")).isEqualTo(2);
        assertThat(oneLine()).contains("--task-manager-memory must be a size like 1536m or 4g");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soak", "rehearse-upgrade"})
    void refusesABadRecordSpacingOutOfRange(String command) {
        assertThat(run(command, "--bad-every", "-1")).isEqualTo(2);
        assertThat(oneLine()).contains("--bad-every must be in [0, 1000000], was -1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soak", "rehearse-upgrade"})
    void refusesACheckpointIntervalOutOfRange(String command) {
        assertThat(run(command, "--checkpoint-seconds", "601")).isEqualTo(2);
        assertThat(oneLine()).contains("--checkpoint-seconds must be in [1, 600], was 601");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soak", "rehearse-upgrade"})
    void refusesMoreTaskManagersThanEight(String command) {
        assertThat(run(command, "--task-managers", "9")).isEqualTo(2);
        assertThat(oneLine()).contains("--task-managers must be in [1, 8], was 9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soak", "rehearse-upgrade"})
    void refusesAMissingJobJar(String command) throws Exception {
        Path conf = Files.writeString(dir.resolve("config.yaml"), "x: 1");
        assertThat(
                        run(
                                command,
                                "--flink-config",
                                conf.toString(),
                                "--cluster-classpath",
                                conf.toString(),
                                "--job-jar",
                                dir.resolve("none.jar").toString()))
                .isEqualTo(2);
        assertThat(oneLine()).contains("--job-jar").contains("is not a readable file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soak", "rehearse-upgrade"})
    void saysHowToBuildTheJobJarWhenThereIsNone(String command) throws Exception {
        Path conf = Files.writeString(dir.resolve("config.yaml"), "x: 1");
        String home = System.getProperty("slidr.home");
        System.setProperty("slidr.home", dir.toString());
        try {
            assertThat(run(command, "--flink-config", conf.toString())).isEqualTo(2);
        } finally {
            if (home == null) {
                System.clearProperty("slidr.home");
            } else {
                System.setProperty("slidr.home", home);
            }
        }
        assertThat(oneLine()).contains("no job jar in").contains("mvn -pl flink-job -am package");
    }
}
