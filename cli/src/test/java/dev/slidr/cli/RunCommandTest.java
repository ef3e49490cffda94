package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slidr run} refuses every unusable configuration before starting anything. */
class RunCommandTest {

    private static final String THRESHOLDS =
            """
            {"model_version": "m1", "feature_version": "v2", "calibration_version": "c1",
             "thresholds": {}, "default_threshold": 0.5,
             "reference_features": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}
            """;

    @TempDir Path tmp;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private Path config(String text) throws Exception {
        return Files.writeString(
                tmp.resolve("slidr.yaml"),
                "slidr.kafka.bootstrap-servers: localhost:1\n"
                    + "slidr.privacy.hmac.secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
                    + "slidr.privacy.hmac.key-id: k1\n"
                        + text);
    }

    @Test
    void requiresAConfigFile() {
        CommandRun r = run("run");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--config");
    }

    @Test
    void refusesAMissingConfigFile() {
        CommandRun r = run("run", "--config", tmp.resolve("absent.yaml").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("run: error: invalid configuration").contains("absent.yaml");
    }

    @Test
    void refusesMalformedYamlInOneLineWithoutAStackTrace() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "slidr:\n  job: [unclosed\n");

        CommandRun r = run("run", "--config", broken.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("run: error: invalid configuration: config file " + broken);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().lines().filter(l -> l.contains("YAML")).count()).isEqualTo(1);
    }

    @Test
    void refusesAConfigPathThatIsADirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("conf"));

        CommandRun r = run("run", "--config", dir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(dir + " is a directory, not a file");
    }

    @Test
    void refusesAMisspeltSetting() throws Exception {
        CommandRun r = run("run", "--config", config("slidr.job.paralelism: 2\n").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown setting(s) [slidr.job.paralelism]");
    }

    @Test
    void refusesABadValueNamingItsKey() throws Exception {
        CommandRun r = run("run", "--config", config("slidr.job.parallelism: 0\n").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("slidr.job.parallelism");
    }

    @Test
    void refusesBadMonitorAndGuardSettingsInOneLine() throws Exception {
        Path model = dev.slidr.job.TestingModels.writeModelDirectory(tmp.resolve("m"));

        CommandRun window = runWith(model, "slidr.monitor.window: 0 s\n");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.err())
                .contains("run: error: invalid configuration: slidr.monitor.window: must be from")
                .doesNotContain("Exception");

        CommandRun ratio = runWith(model, "slidr.guard.ivr-ratio: -2\n");
        assertThat(ratio.exitCode()).isEqualTo(2);
        assertThat(ratio.err())
                .contains("slidr.guard.ivr-ratio: must be a number above 1, was -2.0");

        CommandRun text = runWith(model, "slidr.guard.min-labelled: a few\n");
        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.err()).contains("slidr.guard.min-labelled").doesNotContain("\tat ");
    }

    private CommandRun runWith(Path model, String settings) throws Exception {
        return run("run", "--config", config(settings).toString(), "--model-dir", model.toString());
    }

    @Test
    void refusesTheRollbackGuardForAJobRunFromAModelDirectory() throws Exception {
        Path model = dev.slidr.job.TestingModels.writeModelDirectory(tmp.resolve("model"));
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("slidr.guard.enabled: true\n").toString(),
                        "--model-dir",
                        model.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("slidr.guard.enabled: the rollback guard rolls back to registry bundles");
    }

    @Test
    void refusesToRunWithoutAModel() throws Exception {
        CommandRun r = run("run", "--config", config("").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no model: pass --model-dir DIR");
    }

    @Test
    void refusesAModelOnnxRuntimeCannotLoad() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("model.onnx"), "not a graph");
        Files.writeString(model.resolve("thresholds.json"), THRESHOLDS);

        CommandRun r =
                run("run", "--config", config("").toString(), "--model-dir", model.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("invalid configuration").contains("model.onnx");
    }
}
