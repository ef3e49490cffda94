package dev.slidr.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.Path;

/**
 * A loaded and verified model bundle: the manifest and the bytes of its files, exactly the bytes
 * whose SHA-256 were checked (nothing is re-read after verification).
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.load(new Path("s3://models/registry/models/m20250609-1a2b3c4d"));
 * byte[] onnx = bundle.model();
 * CalibrationResult thresholds = CalibrationFile.fromJson(bundle.calibrationJson());
 * }</pre>
 */
public final class ModelBundle {

    private final Path location;
    private final BundleManifest manifest;
    private final byte[] model;
    private final byte[] calibration;
    private final byte[] report;
    private final byte[] manifestBytes;
    private final byte[] signatureBytes;
    private final String signer;
    private final Map<String, byte[]> files;

    ModelBundle(
            Path location,
            BundleManifest manifest,
            byte[] manifestBytes,
            byte[] signatureBytes,
            String signer,
            Map<String, byte[]> files) {
        this.location = location;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
        this.signatureBytes = signatureBytes;
        this.signer = signer;
        this.files = Map.copyOf(files);
        this.model = files.get(BundleManifest.MODEL_FILE);
        this.calibration = files.get(BundleManifest.CALIBRATION_FILE);
        this.report = files.get(BundleManifest.REPORT_FILE);
    }

    /** The verified bytes of every listed file, by name (not copied: package use only). */
    Map<String, byte[]> files() {
        return files;
    }

    /** The manifest exactly as read. */
    byte[] manifestBytes() {
        return manifestBytes;
    }

    /** {@code manifest.sig} exactly as read, or null for an unsigned bundle. */
    byte[] signatureBytes() {
        return signatureBytes;
    }

    /**
     * The id of the trusted key whose signature was verified at load; empty for an unsigned bundle
     * accepted by an explicit allowance, or one loaded without a trust (checksums only).
     */
    public Optional<String> signer() {
        return Optional.ofNullable(signer);
    }

    /** Whether the bundle has a {@code manifest.sig} (verified or not, see {@link #signer()}). */
    public boolean signed() {
        return signatureBytes != null;
    }

    /** Loads a bundle directory and verifies its files and signature as {@code trust} says. */
    public static ModelBundle load(Path dir, BundleTrust trust)
            throws IOException, BundleVerificationException {
        return BundleVerifier.load(dir, trust);
    }

    /**
     * Loads a bundle directory and verifies every file against the manifest (checksums only: use
     * {@link #load(Path, BundleTrust)} for a bundle this process did not just write).
     */
    public static ModelBundle load(Path dir) throws IOException, BundleVerificationException {
        return BundleVerifier.load(dir);
    }

    /** Loads a bundle from a local directory. */
    public static ModelBundle load(java.nio.file.Path dir)
            throws IOException, BundleVerificationException {
        return BundleVerifier.load(StoredFiles.local(dir));
    }

    /** Where the bundle was loaded from. */
    public Path location() {
        return location;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The model version (from the manifest). */
    public String version() {
        return manifest.modelVersion();
    }

    /** The bytes of {@code model.onnx} (a copy). */
    public byte[] model() {
        return model.clone();
    }

    /** The bytes of {@code calibration.json} (a copy). */
    public byte[] calibration() {
        return calibration.clone();
    }

    /** {@code calibration.json} as text, for {@code CalibrationFile.fromJson}. */
    public String calibrationJson() {
        return new String(calibration, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The bytes of {@code report.html}, when the bundle has one (a copy). */
    public Optional<byte[]> report() {
        return Optional.ofNullable(report).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "ModelBundle[" + manifest.modelVersion() + " at " + location + "]";
    }
}
