package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/slidr}'s choice of JVM options, checked by running the script with a {@code java} on
 * the path that only records the arguments it was given.
 */
class LauncherScriptTest {

    private static final Path SCRIPT = Path.of("..", "bin", "slidr").toAbsolutePath().normalize();

    @TempDir Path dir;

    private Path args;

    @BeforeEach
    void fakeJava() throws IOException {
        args = dir.resolve("args");
        Path java = dir.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(
                java,
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + args + "'\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aReplayRunsWithTheThroughputCollectorAndWithoutTieredCompilation() throws Exception {
        List<String> jvm = launch(Map.of(), "replay", "--help");

        assertThat(jvm)
                .containsSubsequence(
                        "-Xmx4g",
                        "-XX:MetaspaceSize=256m",
                        "-XX:+UseParallelGC",
                        "-XX:-TieredCompilation",
                        "-jar");
        assertThat(jvm.subList(jvm.indexOf("-jar") + 2, jvm.size()))
                .containsExactly("replay", "--help");
    }

    @Test
    void otherCommandsKeepTheJvmsDefaultsWithAFourGibHeap() throws Exception {
        for (String command : List.of("demo", "train", "bench", "run")) {
            List<String> jvm = launch(Map.of(), command);

            assertThat(jvm.subList(0, jvm.indexOf("-jar")))
                    .as(command)
                    .contains("-Xmx4g")
                    .doesNotContain(
                            "-XX:MetaspaceSize=256m",
                            "-XX:+UseParallelGC",
                            "-XX:-TieredCompilation");
        }
    }

    @Test
    void slidrJavaOptsReplacesTheDefaultsOfEveryCommand() throws Exception {
        for (String command : List.of("replay", "train")) {
            List<String> jvm =
                    launch(Map.of("SLIDR_JAVA_OPTS", "-Xmx1g -XX:+UseSerialGC"), command);

            assertThat(jvm.subList(0, jvm.indexOf("-jar")))
                    .as(command)
                    .contains("-Xmx1g", "-XX:+UseSerialGC")
                    .doesNotContain(
                            "-Xmx4g",
                            "-XX:MetaspaceSize=256m",
                            "-XX:+UseParallelGC",
                            "-XX:-TieredCompilation");
        }
    }

    private List<String> launch(Map<String, String> env, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("SLIDR_SKIP_BUILD", "1");
        pb.environment().remove("SLIDR_JAVA_OPTS");
        pb.environment().putAll(env);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readAllLines(args, StandardCharsets.UTF_8);
    }
}
