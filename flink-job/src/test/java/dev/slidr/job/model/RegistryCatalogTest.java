package dev.slidr.job.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job reads registry bundles itself: verified, or refused with the reason. */
class RegistryCatalogTest {

    @TempDir Path tmp;

    private Path registryWith(String... versions) throws Exception {
        Path root = tmp.resolve("registry");
        ModelRegistry registry = TestingBundles.registry(root);
        List<Slice> slices = Slicing.DEVICE_AND_LOGIN.slices();
        for (String version : versions) {
            registry.register(
                    TestingBundles.bundle(version, slice -> 0.5 + slices.indexOf(slice) / 100.0));
        }
        return root;
    }

    @Test
    void aBundleBecomesTheDeployedModelWithItsThresholdsAndReferenceRow() throws Exception {
        Path root = registryWith("m1");

        DeployedModel model =
                BundleModels.deployed(RegistryModel.resolve(TestingBundles.registry(root), "m1"));

        assertThat(model.modelVersion()).isEqualTo("m1");
        assertThat(model.thresholds().calibrationVersion()).isEqualTo("c-m1");
        List<Slice> slices = Slicing.DEVICE_AND_LOGIN.slices();
        for (int i = 0; i < slices.size(); i++) {
            assertThat(model.thresholds().threshold(slices.get(i))).isEqualTo(0.5 + i / 100.0);
        }
        assertThat(model.onnx())
                .isEqualTo(Files.readAllBytes(root.resolve("models/m1/model.onnx")));
    }

    @Test
    void theCatalogTravelsWithTheJobGraphAndLoadsAVerifiedBundle() throws Exception {
        Path root = registryWith("m1", "m2");
        ModelCatalog catalog =
                roundTrip(RegistryCatalog.of(root.toString(), TestingBundles.trust()));

        assertThat(catalog.load("m2").modelVersion()).isEqualTo("m2");
    }

    @Test
    void aTamperedBundleIsRefusedWithTheFileThatFailed() throws Exception {
        Path root = registryWith("m1");
        TestingBundles.tamper(root, "m1");

        assertThatThrownBy(
                        () ->
                                RegistryCatalog.of(root.toString(), TestingBundles.trust())
                                        .load("m1"))
                .isInstanceOf(ModelCatalog.RefusedModelException.class)
                .hasMessageContaining("does not verify")
                .hasMessageContaining("model.onnx");
    }

    @Test
    void anUnknownVersionAnUntrustedSignerAndADeletedFileAreRefused() throws Exception {
        Path root = registryWith("m1");
        RegistryCatalog catalog = RegistryCatalog.of(root.toString(), TestingBundles.trust());

        assertThatThrownBy(() -> catalog.load("m9"))
                .isInstanceOf(ModelCatalog.RefusedModelException.class)
                .hasMessageContaining("m9");
        assertThatThrownBy(
                        () ->
                                RegistryCatalog.of(root.toString(), BundleTrust.of(List.of()))
                                        .load("m1"))
                .isInstanceOf(ModelCatalog.RefusedModelException.class);
        Files.delete(root.resolve("models/m1/calibration.json"));
        assertThatThrownBy(() -> catalog.load("m1"))
                .isInstanceOf(ModelCatalog.RefusedModelException.class);
    }

    @Test
    void aMissingRegistryIsAnIoErrorNotAVerdict() {
        assertThatThrownBy(
                        () ->
                                RegistryCatalog.of(
                                                tmp.resolve("nowhere").toString(),
                                                TestingBundles.trust())
                                        .load("m1"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("no registry at");
    }

    private static ModelCatalog roundTrip(ModelCatalog catalog) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(catalog);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ModelCatalog) in.readObject();
        }
    }
}
