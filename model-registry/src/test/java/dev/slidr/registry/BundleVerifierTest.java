package dev.slidr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a bundle and loading it back; every kind of tampering is caught and names its file. */
class BundleVerifierTest {

    @TempDir Path tmp;

    private Path written(String version) throws IOException {
        Path dir = tmp.resolve(version);
        TestingBundles.writer(version).writeTo(dir);
        return dir;
    }

    @Test
    void roundTripsBytesAndManifest() throws Exception {
        BundleWriter writer = TestingBundles.writer("m20250609-1a2b3c4d").signedWith(null);
        BundleManifest manifest = writer.writeTo(tmp.resolve("b"));
        ModelBundle bundle = ModelBundle.load(tmp.resolve("b"));
        assertThat(bundle.manifest()).isEqualTo(manifest);
        assertThat(bundle.version()).isEqualTo("m20250609-1a2b3c4d");
        assertThat(new String(bundle.model(), StandardCharsets.UTF_8))
                .isEqualTo("onnx bytes of m20250609-1a2b3c4d");
        assertThat(bundle.calibrationJson()).contains("c-m20250609-1a2b3c4d");
        assertThat(bundle.report()).isPresent();
        assertThat(manifest.files().get("model.onnx"))
                .isEqualTo(StoredFiles.sha256(Files.readAllBytes(tmp.resolve("b/model.onnx"))));
        try (var files = Files.list(tmp.resolve("b"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "manifest.json", "model.onnx", "calibration.json", "report.html");
        }
    }

    @Test
    void handsOutCopiesNotItsOwnBytes() throws Exception {
        ModelBundle bundle = ModelBundle.load(written("m1"));
        bundle.model()[0] ^= 1;
        assertThat(StoredFiles.sha256(bundle.model()))
                .isEqualTo(bundle.manifest().files().get("model.onnx"));
    }

    @Test
    void rejectsTamperedModelNamingTheFile() throws Exception {
        Path dir = written("m1");
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        model[3] ^= 0x01;
        Files.write(dir.resolve("model.onnx"), model);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e -> {
                            assertThat(e.files()).containsExactly("model.onnx");
                            assertThat(e.getMessage())
                                    .contains("model.onnx")
                                    .contains("SHA-256 mismatch");
                        });
    }

    @Test
    void rejectsMissingListedFile() throws Exception {
        Path dir = written("m1");
        Files.delete(dir.resolve("calibration.json"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                new BundleVerificationException.Problem(
                                                        "calibration.json",
                                                        "listed in the manifest but missing")));
    }

    @Test
    void rejectsUnlistedFile() throws Exception {
        Path dir = written("m1");
        Files.writeString(dir.resolve("extra.bin"), "smuggled");
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e -> assertThat(e.files()).containsExactly("extra.bin"));
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        Path dir = written("m1");
        Files.writeString(dir.resolve("report.html"), "<p>edited</p>");
        Files.delete(dir.resolve("model.onnx"));
        Files.createDirectory(dir.resolve("sub"));
        assertThat(BundleVerifier.check(new org.apache.flink.core.fs.Path(dir.toUri())))
                .extracting(BundleVerificationException.Problem::file)
                .containsExactlyInAnyOrder("report.html", "model.onnx", "sub");
    }

    @Test
    void rejectsBundleWithoutManifestAsIncomplete() throws Exception {
        Path dir = written("m1");
        Files.delete(dir.resolve("manifest.json"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(BundleVerificationException.class)
                .hasMessageContaining("manifest.json")
                .hasMessageContaining("never completely written");
    }

    @Test
    void rejectsCorruptManifestAsVerificationFailure() throws Exception {
        Path dir = written("m1");
        Files.writeString(dir.resolve("manifest.json"), "{\"format_version\": 1}");
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e -> assertThat(e.files()).containsExactly("manifest.json"));
    }

    @Test
    void rejectsMissingDirectory() {
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("nowhere")))
                .isInstanceOf(BundleVerificationException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesToWriteIntoNonEmptyDirectory() throws Exception {
        Path dir = written("m1");
        assertThatThrownBy(() -> TestingBundles.writer("m1").writeTo(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not empty");
        assertThat(ModelBundle.load(dir).version()).isEqualTo("m1");
    }

    @Test
    void refusesIncompleteWriterNamingTheField() {
        BundleWriter noModel =
                new BundleWriter("m1")
                        .createdAt(TestingBundles.T0)
                        .featureVersion("v1")
                        .featureNames(TestingBundles.FEATURES)
                        .dataRange(TestingBundles.DATA_FROM, TestingBundles.DATA_TO)
                        .referenceFeatures(new float[] {0, 0, 0})
                        .calibration(new byte[] {1});
        assertThatThrownBy(noModel::manifest).hasMessageContaining("model.onnx");
        assertThatThrownBy(() -> new BundleWriter("../escape"))
                .hasMessageContaining("model_version");
        assertThatThrownBy(() -> noModel.file("../x", new byte[0])).hasMessageContaining("../x");
        assertThatThrownBy(() -> noModel.file("manifest.json", new byte[0]))
                .hasMessageContaining("manifest.json");
        assertThatThrownBy(
                        () ->
                                TestingBundles.writer("m1")
                                        .referenceFeatures(new float[] {Float.NaN, 0, 0})
                                        .manifest())
                .hasMessageContaining("reference_features[0]");
    }

    @Test
    void namesVersionsAfterDayAndModelHash() {
        byte[] model = "model".getBytes(StandardCharsets.UTF_8);
        String version = BundleWriter.versionFor(TestingBundles.T0, model);
        assertThat(version).matches("m20250609-[0-9a-f]{8}");
        assertThat(StoredFiles.sha256(model)).startsWith(version.substring(10));
    }
}
