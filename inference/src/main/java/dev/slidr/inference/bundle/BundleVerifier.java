package dev.slidr.inference.bundle;

import dev.slidr.inference.bundle.BundleVerificationException.Problem;
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
 * SHA-256, and no other file is there. Loading goes through here, so no bundle is used unverified.
 *
 * <pre>{@code
 * List<Problem> problems = BundleVerifier.check(dir);   // empty: the bundle is intact
 * ModelBundle bundle = BundleVerifier.load(dir);        // or BundleVerificationException
 * }</pre>
 */
public final class BundleVerifier {

    /** A bundle file larger than this is refused before it is read. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private BundleVerifier() {}

    /** Loads and verifies a bundle; every problem found is in the exception. */
    public static ModelBundle load(Path dir) throws IOException, BundleVerificationException {
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
            if (name.equals(BundleManifest.MANIFEST_FILE)) {
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
        if (!problems.isEmpty()) {
            throw new BundleVerificationException(where, problems, null);
        }
        return new ModelBundle(dir, manifest, manifestBytes, contents);
    }

    /** Verifies a bundle and returns its problems; an empty list means it is intact. */
    public static List<Problem> check(Path dir) throws IOException {
        try {
            load(dir);
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
