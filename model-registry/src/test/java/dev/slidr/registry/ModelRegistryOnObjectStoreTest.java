package dev.slidr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.registry.ModelRegistryException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on a non-local Flink file system (copying rename, no atomic create). */
class ModelRegistryOnObjectStoreTest {

    @TempDir Path tmp;

    @Test
    void registersPromotesAndRollsBackThroughAFlinkFileSystemUri() throws Exception {
        ModelRegistry r = TestingBundles.open(TestingObjectStoreFileSystem.uri(tmp.resolve("reg")));
        assertThat(r.root().getFileSystem()).isInstanceOf(TestingObjectStoreFileSystem.class);
        r.register(TestingBundles.writer("m1"));
        r.promote("m1");
        r.register(TestingBundles.writer("m2"));
        r.promote("m2");
        assertThat(r.stable()).hasValueSatisfying(b -> assertThat(b.version()).isEqualTo("m2"));
        assertThat(r.rollback().version()).isEqualTo("m1");
        assertThat(r.verify("m2")).isEmpty();
        // the same registry, read as a local directory
        assertThat(TestingBundles.open(tmp.resolve("reg")).stableVersion()).contains("m1");
        try (var files = Files.list(tmp.resolve("reg"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("registry.json", "models");
        }
    }

    @Test
    void writesTheManifestLastThroughATempFile() throws Exception {
        Path dir = tmp.resolve("bundle");
        TestingObjectStoreFileSystem.OPERATIONS.clear();
        new BundleWriter("m1")
                .createdAt(TestingBundles.T0)
                .featureVersion("v1")
                .featureNames(TestingBundles.FEATURES)
                .dataRange(TestingBundles.DATA_FROM, TestingBundles.DATA_TO)
                .referenceFeatures(new float[] {0, 1, 2})
                .model(new byte[] {1})
                .calibration(new byte[] {2})
                .report(new byte[] {3})
                .writeTo(new org.apache.flink.core.fs.Path(TestingObjectStoreFileSystem.uri(dir)));
        var ops = List.copyOf(TestingObjectStoreFileSystem.OPERATIONS);
        assertThat(ops).hasSize(5);
        assertThat(ops.subList(0, 3))
                .containsExactlyInAnyOrder(
                        "create model.onnx", "create calibration.json", "create report.html");
        assertThat(ops.get(3)).matches("create \\.manifest\\.json\\..*\\.tmp");
        assertThat(ops.get(4)).startsWith("rename .manifest.json.").endsWith(" manifest.json");
        assertThat(ModelBundle.load(dir).version()).isEqualTo("m1");
    }

    @Test
    void detectsTamperingAndHeldLocksThere() throws Exception {
        ModelRegistry r = TestingBundles.open(TestingObjectStoreFileSystem.uri(tmp.resolve("reg")));
        r.register(TestingBundles.writer("m1"));
        Files.writeString(tmp.resolve("reg/models/m1/model.onnx"), "swapped");
        assertThatThrownBy(() -> r.promote("m1"))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e -> assertThat(e.files()).containsExactly("model.onnx"));
        Files.writeString(tmp.resolve("reg/registry.lock"), "77@other-host 2025-06-09T00:00:00Z x");
        assertThatThrownBy(() -> r.refuse("m3", java.util.List.of("bad")))
                .isInstanceOfSatisfying(
                        ModelRegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED))
                .hasMessageContaining("77@other-host");
    }
}
