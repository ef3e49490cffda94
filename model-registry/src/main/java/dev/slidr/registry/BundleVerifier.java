package dev.slidr.registry;

import dev.slidr.registry.BundleVerificationException.Problem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/**
 * Verifies a bundle directory: the manifest parses, every file it lists exists and has the listed
 * SHA-256, no other file is there (but {@code manifest.sig}), and, given a {@link BundleTrust}, the
 * manifest's Ed25519 signature is by a trusted key. Loading goes through here, so no bundle is used
 * unverified.
 *
 * <pre>{@code
 * List<Problem> problems = BundleVerifier.check(dir, trust);  // empty: intact and trusted
 * ModelBundle bundle = BundleVerifier.load(dir, trust);       // or BundleVerificationException
 * }</pre>
 */
public final class BundleVerifier {

    /** A bundle file larger than this is refused before it is read. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private BundleVerifier() {}

    /**
     * Loads a bundle and verifies its checksums only (its signature is not checked); for a bundle
     * this process has just written.
     */
    public static ModelBundle load(Path dir) throws IOException, BundleVerificationException {
        return load(dir, null);
    }

    /**
     * Loads and verifies a bundle, its signature included when {@code trust} is given; every
     * problem found is in the exception.
     */
    public static ModelBundle load(Path dir, BundleTrust trust)
            throws IOException, BundleVerificationException {
        String where = dir.toString();
        List<FileStatus> entries = StoredFiles.list(dir);
        if (entries.isEmpty() && !StoredFiles.exists(dir)) {
            throw failure(
                    where, BundleManifest.MANIFEST_FILE, "bundle directory does not exist", null);
        }
        Path manifestPath = new Path(dir, BundleManifest.MANIFEST_FILE);
        byte[] manifestBytes;
        try {
            manifestBytes = StoredFiles.readAll(manifestPath, ManifestCodec.MAX_MANIFEST_BYTES);
        } catch (FileNotFoundException e) {
            throw failure(
                    where,
                    BundleManifest.MANIFEST_FILE,
                    "missing (the bundle was never completely written)",
                    e);
        }
        BundleManifest manifest;
        try {
            manifest = ManifestCodec.fromJson(manifestBytes);
        } catch (InvalidManifestException e) {
            throw failure(where, BundleManifest.MANIFEST_FILE, e.getMessage(), e);
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> present = new TreeSet<>();
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            if (name.equals(BundleManifest.MANIFEST_FILE) || name.equals(SignatureFile.NAME)) {
                continue;
            }
            present.add(name);
            if (!manifest.files().containsKey(name)) {
                problems.add(
                        new Problem(
                                name,
                                entry.isDir()
                                        ? "unlisted directory in the bundle"
                                        : "unlisted file in the bundle"));
            }
        }
        Map<String, byte[]> contents = new HashMap<>();
        for (Map.Entry<String, String> listed : manifest.files().entrySet()) {
            String name = listed.getKey();
            if (!present.contains(name)) {
                problems.add(new Problem(name, "listed in the manifest but missing"));
                continue;
            }
            byte[] bytes;
            try {
                bytes = StoredFiles.readAll(new Path(dir, name), MAX_FILE_BYTES);
            } catch (FileNotFoundException e) {
                problems.add(new Problem(name, "listed in the manifest but missing"));
                continue;
            } catch (IOException e) {
                problems.add(new Problem(name, "cannot be read: " + e.getMessage()));
                continue;
            }
            String actual = StoredFiles.sha256(bytes);
            if (!actual.equals(listed.getValue())) {
                problems.add(
                        new Problem(
                                name,
                                "SHA-256 mismatch: manifest says "
                                        + listed.getValue()
                                        + ", file has "
                                        + actual));
                continue;
            }
            contents.put(name, bytes);
        }
        byte[] signature = null;
        try {
            signature =
                    StoredFiles.readAll(new Path(dir, SignatureFile.NAME), SignatureFile.MAX_BYTES);
        } catch (FileNotFoundException e) {
            // unsigned: the trust decides
        } catch (IOException e) {
            problems.add(new Problem(SignatureFile.NAME, "cannot be read: " + e.getMessage()));
        }
        String signer = null;
        if (trust != null && problems.isEmpty()) {
            try {
                signer = trust.check(manifestBytes, signature).orElse(null);
            } catch (BundleTrust.SignatureProblem e) {
                problems.add(e.problem());
            }
        }
        if (!problems.isEmpty()) {
            throw new BundleVerificationException(where, problems, null);
        }
        return new ModelBundle(dir, manifest, manifestBytes, signature, signer, contents);
    }

    /** Verifies a bundle's checksums and returns its problems; empty means it is intact. */
    public static List<Problem> check(Path dir) throws IOException {
        return check(dir, null);
    }

    /**
     * Verifies a bundle, its signature included when {@code trust} is given, and returns its
     * problems; an empty list means it is intact (and trusted).
     */
    public static List<Problem> check(Path dir, BundleTrust trust) throws IOException {
        try {
            load(dir, trust);
            return List.of();
        } catch (BundleVerificationException e) {
            return e.problems();
        }
    }

    private static BundleVerificationException failure(
            String where, String file, String reason, Throwable cause) {
        return new BundleVerificationException(where, List.of(new Problem(file, reason)), cause);
    }
}
