package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.job.ModelDirectory;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slidr run --registry} and {@code slidr models export}: the registry's stable (or a pinned)
 * bundle becomes the job's model with the bundle's per-slice thresholds; a registry without a
 * usable model stops the command before anything starts.
 */
class RunFromRegistryTest {

    /** The key the fixture's bundles are signed with. */
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
        return ModelRegistry.open(dir)
                .withTrust(BundleTrust.of(List.of(TestingBundles.SIGNER.publicKey())));
    }

    /** The threshold calibration gives slice {@code i} of the slicing in bundle {@code version}. */
    private static double threshold(String version, int i) {
        return 0.5 + i / 100.0 + (version.endsWith("2") ? 0.2 : 0);
    }

    private static BundleWriter bundle(String version) {
        return bundle(version, FeatureSchema.CURRENT);
    }

    private static BundleWriter bundle(String version, FeatureSchema schema) {
        List<Slice> all = Slicing.DEVICE_AND_LOGIN.slices();
        return TestingBundles.bundle(
                version, schema, slice -> threshold(version, all.indexOf(slice)));
    }

    @BeforeEach
    void registry() throws Exception {
        trustedKey = tmp.resolve("trusted.pub");
        Files.writeString(trustedKey, SigningKeys.publicPem(TestingBundles.SIGNER.publicKey()));
        root = tmp.resolve("registry");
        ModelRegistry registry = trusted(root);
        registry.register(bundle("m1"));
        registry.promote("m1");
        registry.register(bundle("m2"));
    }

    private Path config(String text) throws Exception {
        return Files.writeString(
                tmp.resolve("slidr.yaml"),
                "slidr.kafka.bootstrap-servers: localhost:1\n"
                        + "slidr.privacy.hmac.secret:"
                        + " AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
                        + text);
    }

    @Test
    void exportsTheStableBundleWithItsPerSliceThresholds() throws Exception {
        Path out = tmp.resolve("model");

        CommandRun r =
                run("models", "export", "--registry", root.toString(), "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("exported m1");
        DeployedModel model = ModelDirectory.load(out);
        assertThat(model.modelVersion()).isEqualTo("m1");
        List<Slice> slices = Slicing.DEVICE_AND_LOGIN.slices();
        for (int i = 0; i < slices.size(); i++) {
            assertThat(model.thresholds().threshold(slices.get(i)))
                    .as(slices.get(i).name())
                    .isEqualTo(threshold("m1", i));
        }
        assertThat(model.thresholds().calibrationVersion()).isEqualTo("c-m1");
    }

    @Test
    void exportsAPinnedVersion() throws Exception {
        Path out = tmp.resolve("model");

        CommandRun r =
                run(
                        "models",
                        "export",
                        "m2",
                        "--registry",
                        root.toString(),
                        "--out",
                        out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        DeployedModel model = ModelDirectory.load(out);
        assertThat(model.modelVersion()).isEqualTo("m2");
        assertThat(model.thresholds().threshold(Slicing.DEVICE_AND_LOGIN.slices().get(0)))
                .isEqualTo(threshold("m2", 0));
    }

    @Test
    void runLoadsTheStableModelBeforeCheckingTheRestOfTheConfiguration() throws Exception {
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("slidr.job.parallelism: 0\n").toString(),
                        "--registry",
                        root.toString());

        assertThat(r.err()).contains("model m1 (stable) from " + root + ", checksums verified");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("slidr.job.parallelism");
    }

    @Test
    void runFailsInSecondsInOneLineWhenNoBrokerAnswers() throws Exception {
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("slidr.kafka.preflight.timeout: 2 s\n").toString(),
                        "--registry",
                        root.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err())
                .contains("run: failed: no Kafka broker answered at localhost:1 within 2.0 s")
                .doesNotContain("\tat ");
    }

    @Test
    void runLoadsAPinnedVersion() throws Exception {
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("slidr.job.parallelism: 0\n").toString(),
                        "--registry",
                        root.toString(),
                        "--model-version",
                        "m2");

        assertThat(r.err()).contains("model m2 (pinned)");
    }

    @Test
    void refusesAStableModelOfAnEarlierFeatureSchemaAskingForARetrain() throws Exception {
        Path old = tmp.resolve("old");
        ModelRegistry registry = trusted(old);
        registry.register(bundle("m5", FeatureSchema.V1));
        registry.promote("m5");

        CommandRun r = run("run", "--config", config("").toString(), "--registry", old.toString());

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err())
                .contains("feature schema v1 is not the one this build computes (v2)")
                .contains("retrain");
    }

    @Test
    void refusesARegistryWithoutAStableModel() throws Exception {
        Path fresh = tmp.resolve("fresh");
        trusted(fresh).register(bundle("m7"));

        CommandRun r =
                run("run", "--config", config("").toString(), "--registry", fresh.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("run: failed:").contains("has no stable model");
    }

    @Test
    void refusesAnUnknownVersion() throws Exception {
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("").toString(),
                        "--registry",
                        root.toString(),
                        "--model-version",
                        "m9");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("run: failed:").contains("m9");
    }

    @Test
    void refusesACorruptBundleNamingTheFile() throws Exception {
        Path onnx = root.resolve("models/m1/model.onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(onnx, bytes);

        CommandRun r = run("run", "--config", config("").toString(), "--registry", root.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("run: failed:")
                .contains("does not verify")
                .contains("model.onnx")
                .contains("models rollback");
        assertThat(
                        run(
                                        "models",
                                        "export",
                                        "--registry",
                                        root.toString(),
                                        "--out",
                                        tmp.resolve("x").toString())
                                .exitCode())
                .isEqualTo(1);
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesAMissingRegistry() throws Exception {
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("").toString(),
                        "--registry",
                        tmp.resolve("nowhere").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no registry at");
    }

    @Test
    void refusesAModelVersionWithoutARegistry() throws Exception {
        CommandRun r = run("run", "--config", config("").toString(), "--model-version", "m1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--model-version needs --registry");
    }

    @Test
    void refusesAModelDirectoryAndARegistryTogether() throws Exception {
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("").toString(),
                        "--model-dir",
                        tmp.toString(),
                        "--registry",
                        root.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void pathLikeModelVersionIsAUsageError() throws Exception {
        CommandRun r =
                run(
                        "run",
                        "--config",
                        config("").toString(),
                        "--registry",
                        root.toString(),
                        "--model-version",
                        "../../../etc");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElseThrow())
                .isEqualTo(
                        "run: error: --model-version \"../../../etc\" is not a valid model version"
                                + " (letters, digits, . _ -; at most 128)");
    }

    @Test
    void unsignedStableModelIsRefusedBeforeAnythingStarts() throws Exception {
        Path plain = tmp.resolve("plain");
        trusted(plain).register(bundle("m3").signedWith(null));
        trusted(plain).withTrust(BundleTrust.unsignedAllowed()).promote("m3");
        CommandRun r =
                run("run", "--config", config("").toString(), "--registry", plain.toString());
        assertThat(r.exitCode()).isEqualTo(SlidrCommand.EXIT_FAILURE);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err())
                .contains("does not verify, nothing was started")
                .contains("the bundle is unsigned")
                .contains("--allow-unsigned");
    }
}
