package dev.slidr.job.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.job.ModelDirectory;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry bundle becomes the model directory the job loads, or a clear refusal. */
class RegistryModelTest {

    @TempDir Path tmp;

    /** A registry that trusts the test key. */
    private ModelRegistry trusted() {
        return TestingBundles.registry(tmp.resolve("registry"));
    }

    private static double threshold(String version, int slice) {
        return 0.5 + slice / 100.0 + (version.equals("m2") ? 0.2 : 0);
    }

    private static BundleWriter bundle(String version) {
        List<Slice> all = Slicing.DEVICE_AND_LOGIN.slices();
        return TestingBundles.bundle(version, slice -> threshold(version, all.indexOf(slice)));
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
                .contains(TestingBundles.SIGNER.keyId());
    }

    private ModelRegistry registryWithStableM1Signed() throws Exception {
        ModelRegistry registry =
                ModelRegistry.open(tmp.resolve("signed"))
                        .withTrust(BundleTrust.of(List.of(TestingBundles.SIGNER.publicKey())));
        registry.register(bundle("m1"));
        registry.promote("m1");
        return registry;
    }
}
