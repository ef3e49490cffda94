package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ManifestCodec;
import dev.slidr.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slidr models}: output, JSON, exit codes and messages. */
class ModelsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-06-09T03:00:00Z");

    @TempDir Path tmp;
    private Path root;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static BundleWriter writer(String version, double auc, boolean guardrailPassed) {
        return new BundleWriter(version)
                .createdAt(T0)
                .featureVersion("v1")
                .featureNames(List.of("user_clicks_1m", "ip_users_24h"))
                .dataRange(
                        Instant.parse("2025-06-02T00:00:00Z"),
                        Instant.parse("2025-06-09T00:00:00Z"))
                .referenceFeatures(new float[] {0f, 4f})
                .model(("model " + version).getBytes(StandardCharsets.UTF_8))
                .calibration("{}".getBytes(StandardCharsets.UTF_8))
                .report("<html></html>".getBytes(StandardCharsets.UTF_8))
                .metrics(
                        ManifestCodec.metricsOf(
                                Map.of(
                                        "holdout",
                                        Map.of("auc", auc, "ivr", 0.1234, "fpr", 0.0187))))
                .guardrails(
                        List.of(
                                new BundleManifest.Guardrail("holdout_fpr", true, "0.0187 <= 0.02"),
                                new BundleManifest.Guardrail(
                                        "auc_vs_stable", guardrailPassed, "drop 0.01")));
    }

    @BeforeEach
    void registry() throws Exception {
        root = tmp.resolve("registry");
        ModelRegistry r = ModelRegistry.open(root);
        r.register(writer("m1", 0.91, true));
        r.promote("m1");
        r.register(writer("m2", 0.935, true));
    }

    @Test
    void listsVersionsWithStableMarkedAndKeyMetrics() {
        CommandRun r = run("models", "list", "--registry", root.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .contains("VERSION")
                .contains("CREATED")
                .contains("FEATURES")
                .contains("AUC")
                .contains("IVR")
                .contains("FPR");
        assertThat(lines.get(1))
                .startsWith("*")
                .contains("m1")
                .contains("2025-06-09T03:00:00Z")
                .contains("v1 (2)")
                .contains("2/2 passed")
                .contains("0.9100")
                .contains("12.34%")
                .contains("1.87%");
        assertThat(lines.get(2)).doesNotStartWith("*").contains("m2").contains("0.9350");
        assertThat(lines).hasSize(3);
    }

    @Test
    void listsCandidatesWhenNoVersionIsStable() throws Exception {
        Path fresh = tmp.resolve("fresh");
        ModelRegistry.open(fresh).register(writer("m7", 0.88, true));

        CommandRun r = run("models", "list", "--registry", fresh.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).doesNotStartWith("*").contains("m7").contains("0.8800");
    }

    @Test
    void listsAsJson() throws Exception {
        CommandRun r = run("models", "list", "--registry", root.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode list = JSON.readTree(r.out());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("version").asText()).isEqualTo("m1");
        assertThat(list.get(0).get("stable").asBoolean()).isTrue();
        assertThat(list.get(1).get("stable").asBoolean()).isFalse();
        assertThat(list.get(1).get("key_metrics").get("auc").asDouble()).isEqualTo(0.935);
        assertThat(list.get(1).get("feature_version").asText()).isEqualTo("v1");
    }

    @Test
    void showsManifestGuardrailsHistoryAndVerification() {
        CommandRun r = run("models", "show", "m1", "--registry", root.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("model m1 (stable)")
                .contains("features:        user_clicks_1m, ip_users_24h")
                .contains("model.onnx")
                .contains("\"auc\" : 0.91")
                .contains("guardrails: 2/2 passed")
                .contains("passed auc_vs_stable: drop 0.01")
                .contains("register")
                .contains("promote")
                .contains("verification: passed");
    }

    @Test
    void showOfTamperedBundleNamesTheFileAndFails() throws Exception {
        Files.writeString(root.resolve("models/m2/calibration.json"), "{\"edited\": true}");
        CommandRun r = run("models", "show", "m2", "--registry", root.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.out())
                .contains("verification: FAILED")
                .contains("calibration.json: SHA-256 mismatch");
        assertThat(r.err()).contains("failed verification");
        CommandRun json = run("models", "show", "m2", "--registry", root.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        JsonNode node = JSON.readTree(json.out());
        assertThat(node.get("verified").asBoolean()).isFalse();
        assertThat(node.get("problems").get(0).get("file").asText()).isEqualTo("calibration.json");
    }

    @Test
    void promotesAndRollsBack() throws Exception {
        CommandRun promote = run("models", "promote", "m2", "--registry", root.toString());
        assertThat(promote.exitCode()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("stable model is now m2 (was m1)");
        assertThat(ModelRegistry.open(root).stableVersion()).contains("m2");
        CommandRun rollback = run("models", "rollback", "--registry", root.toString(), "--json");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        JsonNode node = JSON.readTree(rollback.out());
        assertThat(node.get("stable").asText()).isEqualTo("m1");
        assertThat(node.get("previous").asText()).isEqualTo("m2");
        assertThat(ModelRegistry.open(root).stableVersion()).contains("m1");
    }

    @Test
    void rollbackWithoutEarlierStableFails() {
        CommandRun r = run("models", "rollback", "--registry", root.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.err()).contains("no earlier stable model to roll back to");
    }

    @Test
    void promotingUnknownVersionFailsNamingTheRegisteredOnes() {
        CommandRun r = run("models", "promote", "m9", "--registry", root.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.err()).contains("m9 is not registered").contains("registered: m1, m2");
        assertThat(run("models", "show", "m9", "--registry", root.toString()).exitCode())
                .isEqualTo(SlidrCommand.EXIT_FAILURE);
    }

    @Test
    void promotingTamperedBundleFailsAndKeepsStable() throws Exception {
        Files.write(root.resolve("models/m2/model.onnx"), new byte[] {1, 2, 3});
        CommandRun r = run("models", "promote", "m2", "--registry", root.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.err()).contains("model.onnx").contains("SHA-256 mismatch");
        assertThat(ModelRegistry.open(root).stableVersion()).contains("m1");
    }

    @Test
    void missingRegistryIsAnErrorNotAnEmptyList() {
        CommandRun r = run("models", "list", "--registry", tmp.resolve("typo").toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.err()).contains("no registry at").contains("registry.json not found");
    }

    @Test
    void registryWithOnlyRefusalsListsNothing() throws Exception {
        Path other = tmp.resolve("refused-only");
        ModelRegistry.open(other).refuse("m5", List.of("holdout FPR 0.03 > 0.02"));
        CommandRun r = run("models", "list", "--registry", other.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("no models registered");
        CommandRun rollback = run("models", "rollback", "--registry", other.toString());
        assertThat(rollback.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(rollback.err()).contains("no stable model");
        CommandRun promote = run("models", "promote", "m5", "--registry", other.toString());
        assertThat(promote.err()).contains("was refused").contains("holdout FPR 0.03");
    }

    @Test
    void corruptRegistryFailsClearly() throws Exception {
        Files.writeString(root.resolve("registry.json"), "{ not json");
        CommandRun r = run("models", "list", "--registry", root.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.err()).contains("registry.json").contains("not valid JSON");
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        CommandRun noVersion = run("models", "promote", "--registry", root.toString());
        assertThat(noVersion.exitCode()).isEqualTo(2);
        assertThat(noVersion.err()).contains("VERSION");
        CommandRun noSub = run("models");
        assertThat(noSub.exitCode()).isZero();
        assertThat(noSub.out()).contains("list").contains("promote").contains("rollback");
    }

    @Test
    void missingRegistryOptionIsAUsageError() {
        assumeTrue(System.getenv("SLIDR_REGISTRY") == null);
        CommandRun r = run("models", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--registry is required");
    }

    @Test
    void acceptsRegistryAsFileUri() {
        CommandRun r = run("models", "list", "--registry", root.toUri().toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"m2\"");
    }
}
