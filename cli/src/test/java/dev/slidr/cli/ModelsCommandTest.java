package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ManifestCodec;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
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

    /** The key the fixture's bundles are signed with. */
    private static final BundleSigner SIGNER = BundleSigner.of(SigningKeys.generate().getPrivate());

    @TempDir Path tmp;
    private Path root;
    private Path trustedKey;

    /** Runs {@code slidr args}, trusting the fixture's key when a registry is given. */
    private CommandRun run(String... args) {
        if (!List.of(args).contains("--registry")) {
            return CommandRun.of(args);
        }
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--trusted-keys");
        all.add(trustedKey.toString());
        return CommandRun.of(all.toArray(String[]::new));
    }

    /** A registry that trusts the fixture's key. */
    private static ModelRegistry trusted(Path dir) {
        return ModelRegistry.open(dir).withTrust(BundleTrust.of(List.of(SIGNER.publicKey())));
    }

    private static BundleWriter writer(String version, double auc, boolean guardrailPassed) {
        return new BundleWriter(version)
                .signedWith(SIGNER)
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
        trustedKey = tmp.resolve("trusted.pub");
        Files.writeString(trustedKey, SigningKeys.publicPem(SIGNER.publicKey()));
        root = tmp.resolve("registry");
        ModelRegistry r = trusted(root);
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
                .contains("WEAK_AUC")
                .contains("IVR")
                .contains("WEAK_FPR");
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
        trusted(fresh).register(writer("m7", 0.88, true));

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
        assertThat(list.get(1).get("key_metrics").get("weak_auc").asDouble()).isEqualTo(0.935);
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
        assertThat(trusted(root).stableVersion()).contains("m2");
        CommandRun rollback = run("models", "rollback", "--registry", root.toString(), "--json");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        JsonNode node = JSON.readTree(rollback.out());
        assertThat(node.get("stable").asText()).isEqualTo("m1");
        assertThat(node.get("previous").asText()).isEqualTo("m2");
        assertThat(trusted(root).stableVersion()).contains("m1");
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
        assertThat(trusted(root).stableVersion()).contains("m1");
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
        trusted(other).refuse("m5", List.of("holdout FPR 0.03 > 0.02"));
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

    @Test
    void listVerifiesEveryBundleAndShowsACorruptedModel() throws Exception {
        Files.write(root.resolve("models/m2/model.onnx"), new byte[] {1, 2, 3});
        CommandRun r = run("models", "list", "--registry", root.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("VERIFIED");
        assertThat(lines.get(1)).contains("ok, signed by " + SIGNER.keyId());
        assertThat(lines.get(2)).contains("m2").contains("FAILED: model.onnx: SHA-256 mismatch");
        assertThat(r.err().strip())
                .isEqualTo(
                        "models list: 1 of 2 bundles failed verification: m2 (bin/slidr models"
                                + " show VERSION for details)");
        JsonNode json =
                JSON.readTree(run("models", "list", "--registry", root.toString(), "--json").out());
        assertThat(json.get(0).get("verified").asBoolean()).isTrue();
        assertThat(json.get(1).get("verified").asBoolean()).isFalse();
        assertThat(json.get(1).get("problems").get(0).get("file").asText()).isEqualTo("model.onnx");
    }

    @Test
    void forgedModelWithRecomputedChecksumIsRefusedEverywhere() throws Exception {
        Path model = root.resolve("models/m2/model.onnx");
        byte[] bytes = Files.readAllBytes(model);
        String before =
                dev.slidr.registry.ModelBundle.load(root.resolve("models/m2"))
                        .manifest()
                        .files()
                        .get("model.onnx");
        bytes[0] ^= 1;
        Files.write(model, bytes);
        String after =
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        Path manifest = root.resolve("models/m2/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(before, after));

        CommandRun promote = run("models", "promote", "m2", "--registry", root.toString());
        assertThat(promote.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(promote.err()).contains("manifest.sig").contains("does not match manifest.json");
        CommandRun export =
                run(
                        "models",
                        "export",
                        "m2",
                        "--registry",
                        root.toString(),
                        "--out",
                        tmp.resolve("out").toString());
        assertThat(export.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(export.err()).contains("does not match manifest.json");
        assertThat(run("models", "show", "m2", "--registry", root.toString()).exitCode())
                .isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(run("models", "list", "--registry", root.toString()).out())
                .contains("FAILED: manifest.sig");
        assertThat(trusted(root).stableVersion()).contains("m1");
    }

    @Test
    void unsignedBundlesAreRefusedUnlessAllowed() throws Exception {
        Path plain = tmp.resolve("plain");
        trusted(plain).register(writer("m3", 0.9, true).signedWith(null));
        CommandRun refused = run("models", "promote", "m3", "--registry", plain.toString());
        assertThat(refused.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(refused.err()).contains("the bundle is unsigned").contains("--allow-unsigned");
        CommandRun allowed =
                run("models", "promote", "m3", "--registry", plain.toString(), "--allow-unsigned");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(run("models", "list", "--registry", plain.toString(), "--allow-unsigned").out())
                .contains("ok, unsigned (allowed)");
    }

    @Test
    void bundleSignedByAnUntrustedKeyIsRefused() throws Exception {
        Path other = tmp.resolve("other-key.pub");
        Files.writeString(other, SigningKeys.publicPem(SigningKeys.generate().getPublic()));
        CommandRun r =
                CommandRun.of(
                        "models",
                        "promote",
                        "m2",
                        "--registry",
                        root.toString(),
                        "--trusted-keys",
                        other.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.err())
                .contains("signed by key \"" + SIGNER.keyId() + "\", which is not trusted");
    }

    @Test
    void missingOrMalformedTrustedKeyIsAUsageError() throws Exception {
        CommandRun missing =
                CommandRun.of(
                        "models",
                        "list",
                        "--registry",
                        root.toString(),
                        "--trusted-keys",
                        tmp.resolve("none.pub").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .contains("--trusted-keys: trusted key")
                .contains("does not exist");
        Path bad = tmp.resolve("bad.pub");
        Files.writeString(bad, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        CommandRun malformed =
                CommandRun.of(
                        "models",
                        "list",
                        "--registry",
                        root.toString(),
                        "--trusted-keys",
                        bad.toString());
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err().lines().count()).isEqualTo(2);
    }

    @Test
    void keygenWritesAKeyPairThatSignsAndVerifies() throws Exception {
        Path keys = tmp.resolve("keys");
        CommandRun r = CommandRun.of("models", "keygen", "--out", keys.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String id = r.out().lines().findFirst().orElseThrow().replace("key id:", "").strip();
        BundleSigner signer = BundleSigner.fromFile(keys.resolve(id + ".key"));
        assertThat(signer.keyId()).isEqualTo(id);
        assertThat(BundleTrust.fromFiles(List.of(keys)).keyIds()).containsExactly(id);
        assertThat(Files.getPosixFilePermissions(keys.resolve(id + ".key")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Files.writeString(tmp.resolve("file"), "x");
        CommandRun onFile =
                CommandRun.of("models", "keygen", "--out", tmp.resolve("file").toString());
        assertThat(onFile.exitCode()).isEqualTo(2);
        assertThat(onFile.err()).contains("is a file, not a directory");
    }

    @Test
    void pathLikeVersionIsAUsageError() {
        for (String sub : List.of("show", "promote", "export")) {
            List<String> args =
                    new java.util.ArrayList<>(
                            List.of("models", sub, "../../../etc", "--registry", root.toString()));
            if (sub.equals("export")) {
                args.addAll(List.of("--out", tmp.resolve("out").toString()));
            }
            CommandRun r = CommandRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(sub).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElseThrow())
                    .isEqualTo(
                            sub
                                    + ": error: VERSION \"../../../etc\" is not a valid model"
                                    + " version (letters, digits, . _ -; at most 128)");
        }
        assertThat(Files.exists(tmp.resolve("out"))).isFalse();
    }
}
