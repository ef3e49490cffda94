package dev.slidr.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Writes a model bundle directory: the files first, then {@code manifest.json} with the SHA-256 of
 * each, last and atomically (temp file + rename), so that a reader never sees a bundle whose
 * manifest is there but whose files are not complete.
 *
 * <pre>{@code
 * BundleManifest written =
 *         new BundleWriter(BundleWriter.versionFor(now, onnxBytes))
 *                 .parentVersion(stable)
 *                 .createdAt(now)
 *                 .featureVersion("v1")
 *                 .featureNames(schema.names())
 *                 .dataRange(from, to)
 *                 .referenceFeatures(medianRow)
 *                 .model(onnxBytes)
 *                 .calibration(calibrationJson.getBytes(UTF_8))
 *                 .report(html.getBytes(UTF_8))
 *                 .metrics(ManifestCodec.metricsOf(holdoutMetrics))
 *                 .guardrails(results)
 *                 .writeTo(dir);
 * }</pre>
 *
 * <p>Or hand the writer to {@link ModelRegistry#register(BundleWriter)}, which writes it into the
 * registry and registers it as a candidate.
 */
public final class BundleWriter {

    private static final DateTimeFormatter VERSION_DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final String modelVersion;
    private String parentVersion;
    private Instant createdAt;
    private String featureVersion;
    private List<String> featureNames;
    private BundleManifest.DataRange dataRange;
    private float[] referenceFeatures;
    private ObjectNode metrics;
    private List<BundleManifest.Guardrail> guardrails = List.of();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private BundleSigner signer;

    public BundleWriter(String modelVersion) {
        BundleManifest.requireVersion(modelVersion, "model_version");
        this.modelVersion = modelVersion;
    }

    /**
     * The conventional version of a model: {@code m} + the UTC day it was created + the first 8 hex
     * digits of the model's SHA-256, e.g. {@code m20250609-1a2b3c4d}.
     */
    public static String versionFor(Instant createdAt, byte[] model) {
        return "m"
                + VERSION_DAY.format(createdAt)
                + "-"
                + StoredFiles.sha256(model).substring(0, 8);
    }

    public String modelVersion() {
        return modelVersion;
    }

    public BundleWriter parentVersion(String parentVersion) {
        this.parentVersion = parentVersion;
        return this;
    }

    public BundleWriter createdAt(Instant createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    public BundleWriter featureVersion(String featureVersion) {
        this.featureVersion = featureVersion;
        return this;
    }

    public BundleWriter featureNames(List<String> featureNames) {
        this.featureNames = List.copyOf(featureNames);
        return this;
    }

    public BundleWriter dataRange(Instant from, Instant to) {
        this.dataRange = new BundleManifest.DataRange(from, to);
        return this;
    }

    public BundleWriter referenceFeatures(float[] referenceFeatures) {
        this.referenceFeatures = referenceFeatures.clone();
        return this;
    }

    /** The metrics object (see {@link ManifestCodec#metricsOf} to build one from a record). */
    public BundleWriter metrics(ObjectNode metrics) {
        this.metrics = metrics.deepCopy();
        return this;
    }

    public BundleWriter guardrails(List<BundleManifest.Guardrail> guardrails) {
        this.guardrails = List.copyOf(guardrails);
        return this;
    }

    /** Signs the manifest with this key ({@code manifest.sig}); null writes an unsigned bundle. */
    public BundleWriter signedWith(BundleSigner bundleSigner) {
        this.signer = bundleSigner;
        return this;
    }

    /** The signer, or null when the bundle is written unsigned. */
    public BundleSigner signer() {
        return signer;
    }

    /** The bytes of {@code model.onnx}. */
    public BundleWriter model(byte[] onnx) {
        return file(BundleManifest.MODEL_FILE, onnx);
    }

    /** The bytes of {@code calibration.json}. */
    public BundleWriter calibration(byte[] calibrationJson) {
        return file(BundleManifest.CALIBRATION_FILE, calibrationJson);
    }

    /** The bytes of {@code report.html}. */
    public BundleWriter report(byte[] html) {
        return file(BundleManifest.REPORT_FILE, html);
    }

    /** Any further file of the bundle (a plain name; listed and hashed like the others). */
    public BundleWriter file(String name, byte[] bytes) {
        if (name == null
                || !BundleManifest.FILE_NAME_PATTERN.matcher(name).matches()
                || name.equals(BundleManifest.MANIFEST_FILE)) {
            throw new IllegalArgumentException(
                    BundleManifest.quote(name) + " cannot be a bundle file name");
        }
        files.put(name, Objects.requireNonNull(bytes, name).clone());
        return this;
    }

    /**
     * The manifest this writer would write (with the SHA-256 of its files); validates every field.
     *
     * @throws IllegalArgumentException or NullPointerException naming the missing/invalid field
     */
    public BundleManifest manifest() {
        Map<String, String> hashes = new TreeMap<>();
        files.forEach((name, bytes) -> hashes.put(name, StoredFiles.sha256(bytes)));
        return new BundleManifest(
                BundleManifest.FORMAT_VERSION,
                modelVersion,
                parentVersion,
                createdAt,
                featureVersion,
                featureNames,
                dataRange,
                referenceFeatures,
                hashes,
                metrics,
                guardrails);
    }

    /**
     * Writes the bundle into {@code dir}, which must not exist or be empty. On failure the files
     * written so far are removed; as the manifest comes last, a crash leaves a directory without
     * manifest, which every loader refuses.
     */
    public BundleManifest writeTo(Path dir) throws IOException {
        BundleManifest manifest = manifest();
        FileSystem fs = dir.getFileSystem();
        if (!StoredFiles.list(dir).isEmpty()) {
            throw new IOException("bundle directory " + dir + " already exists and is not empty");
        }
        if (!fs.mkdirs(dir)) {
            throw new IOException("cannot create bundle directory " + dir);
        }
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = new Path(dir, f.getKey());
                StoredFiles.writeNew(target, f.getValue());
                written.add(target);
            }
            byte[] manifestBytes = ManifestCodec.toJson(manifest);
            if (signer != null) {
                Path sig = new Path(dir, SignatureFile.NAME);
                StoredFiles.writeNew(sig, signer.sign(manifestBytes));
                written.add(sig);
            }
            StoredFiles.replaceAtomically(
                    new Path(dir, BundleManifest.MANIFEST_FILE), manifestBytes);
        } catch (IOException | RuntimeException e) {
            written.forEach(StoredFiles::deleteQuietly);
            throw e;
        }
        return manifest;
    }

    /** Writes the bundle into a local directory. */
    public BundleManifest writeTo(java.nio.file.Path dir) throws IOException {
        return writeTo(StoredFiles.local(dir));
    }
}
