package dev.slidr.job.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.job.ModelDirectory;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry bundle becomes the model directory the job loads, or a clear refusal. */
class RegistryModelTest {

    private static final Instant T0 = Instant.parse("2026-03-02T03:00:00Z");

    private static final BundleSigner SIGNER = BundleSigner.of(SigningKeys.generate().getPrivate());

    @TempDir Path tmp;

    /** A registry that trusts the test key. */
    private ModelRegistry trusted() {
        return ModelRegistry.open(tmp.resolve("registry"))
                .withTrust(BundleTrust.of(List.of(SIGNER.publicKey())));
    }

    private static double threshold(String version, int slice) {
        return 0.5 + slice / 100.0 + (version.equals("m2") ? 0.2 : 0);
    }

    private static String calibration(String version) {
        StringJoiner slices = new StringJoiner(",");
        List<Slice> all = Slicing.DEVICE_AND_LOGIN.slices();
        for (int i = 0; i < all.size(); i++) {
            slices.add(
                    String.format(
                            Locale.ROOT,
                            "{\"slice\": \"%s\", \"threshold\": %s, \"chosen_fpr\": 0.02,"
                                    + " \"fit\": {\"a\": -9.8, \"b\": 2.7, \"c\": 0.14},"
                                    + " \"expected_ivr\": 0.19, \"ivr\": 0.19, \"fpr\": 0.02,"
                                    + " \"coverage\": 0.66, \"min_coverage\": 0.3,"
                                    + " \"clicks\": 48000, \"purchasing_clicks\": 4000,"
                                    + " \"high_velocity_clicks\": 9000, \"exact_fpr\": 0.02}",
                            all.get(i).name(),
                            threshold(version, i)));
        }
        return "{\"format_version\": 1, \"calibration_version\": \"c-"
                + version
                + "\", \"budget\": 0.02, \"fitted_objective\": 0.181,"
                + " \"realized_objective\": 0.179, \"exact_objective\": 0.18,"
                + " \"exact_discretized\": false, \"realized_fpr\": 0.0199,"
                + " \"kkt\": {\"budget_multiplier\": 1.6,"
                + " \"stationarity\": 0, \"complementary_slackness\": 0,"
                + " \"primal_feasibility\": 0, \"dual_feasibility\": 0, \"tolerance\": 1e-6,"
                + " \"satisfied\": true}, \"slices\": ["
                + slices
                + "]}";
    }

    private static BundleWriter bundle(String version) {
        TestModels models = TestModels.get();
        FeatureSchema schema = FeatureSchema.CURRENT;
        return new BundleWriter(version)
                .signedWith(SIGNER)
                .createdAt(T0)
                .featureVersion(schema.version())
                .featureNames(schema.names())
                .dataRange(T0.minusSeconds(7 * 86_400), T0)
                .referenceFeatures(Arrays.copyOf(models.reference(), schema.size()))
                .model(models.onnx())
                .calibration(calibration(version).getBytes(StandardCharsets.UTF_8))
                .guardrails(List.of(new BundleManifest.Guardrail("holdout_fpr", true, "ok")));
    }

    private ModelRegistry registryWithStableM1() throws Exception {
        ModelRegistry registry = trusted();
        registry.register(bundle("m1"));
        registry.promote("m1");
        registry.register(bundle("m2"));
        return registry;
    }

    @Test
    void writesTheStableBundleAsTheJobsModelDirectory() throws Exception {
        ModelBundle bundle = RegistryModel.resolve(registryWithStableM1(), null);

        DeployedModel model =
                ModelDirectory.load(RegistryModel.writeModelDir(bundle, tmp.resolve("model")));

        assertThat(model.modelVersion()).isEqualTo("m1");
        assertThat(model.thresholds().calibrationVersion()).isEqualTo("c-m1");
        List<Slice> slices = Slicing.DEVICE_AND_LOGIN.slices();
        for (int i = 0; i < slices.size(); i++) {
            assertThat(model.thresholds().threshold(slices.get(i)))
                    .as(slices.get(i).name())
                    .isEqualTo(threshold("m1", i));
        }
    }

    @Test
    void resolvesAPinnedVersion() throws Exception {
        ModelBundle bundle = RegistryModel.resolve(registryWithStableM1(), "m2");

        DeployedModel model =
                ModelDirectory.load(RegistryModel.writeModelDir(bundle, tmp.resolve("model")));

        assertThat(model.modelVersion()).isEqualTo("m2");
        assertThat(model.thresholds().threshold(Slicing.DEVICE_AND_LOGIN.slices().get(0)))
                .isEqualTo(threshold("m2", 0));
    }

    @Test
    void refusesARegistryWithoutAStableModel() throws Exception {
        ModelRegistry registry = trusted();
        registry.register(bundle("m1"));

        assertThatThrownBy(() -> RegistryModel.resolve(registry, null))
                .isInstanceOf(RegistryModel.UnusableModelException.class)
                .hasMessageContaining("has no stable model");
    }

    @Test
    void refusesAMissingRegistry() {
        assertThatThrownBy(() -> RegistryModel.openExisting(tmp.resolve("nowhere").toString()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no registry at");
    }

    @Test
    void refusesAnUnsignedStableModelUnlessAllowed() throws Exception {
        ModelRegistry registry = trusted().withTrust(BundleTrust.unsignedAllowed());
        registry.register(bundle("m1").signedWith(null));
        registry.promote("m1");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RegistryModel.resolve(trusted(), null))
                .isInstanceOf(RegistryModel.UnusableModelException.class)
                .hasMessageContaining("does not verify, nothing was started")
                .hasMessageContaining("manifest.sig: missing: the bundle is unsigned");
        assertThat(RegistryModel.resolve(registry, null).signer()).isEmpty();
        assertThat(RegistryModel.resolve(registryWithStableM1Signed(), null).signer())
                .contains(SIGNER.keyId());
    }

    private ModelRegistry registryWithStableM1Signed() throws Exception {
        ModelRegistry registry =
                ModelRegistry.open(tmp.resolve("signed"))
                        .withTrust(BundleTrust.of(List.of(SIGNER.publicKey())));
        registry.register(bundle("m1"));
        registry.promote("m1");
        return registry;
    }
}
