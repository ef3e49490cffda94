package dev.slidr.registry;

import dev.slidr.registry.BundleVerificationException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which bundle signatures a reader accepts: the trusted Ed25519 public keys by key id (several at
 * once, so keys can rotate), and whether unsigned bundles are accepted (only when explicitly
 * allowed). A signed bundle must verify under a trusted key whatever the setting.
 *
 * <pre>{@code
 * BundleTrust trust = BundleTrust.fromFiles(List.of(Path.of("/etc/slidr/trusted-keys")));
 * ModelBundle bundle = ModelRegistry.open(dir).withTrust(trust).load("m20250609-1a2b3c4d");
 * }</pre>
 */
public final class BundleTrust {

    /** The environment variable naming trusted public key files or directories of them. */
    public static final String ENV_TRUSTED_KEYS = "SLIDR_TRUSTED_KEYS";

    /** The file name ending of a public key in a trusted-keys directory. */
    public static final String PUBLIC_KEY_SUFFIX = ".pub";

    private final Map<String, PublicKey> keys;
    private final boolean allowUnsigned;
    private final String configurationProblem;

    private BundleTrust(
            Map<String, PublicKey> keys, boolean allowUnsigned, String configurationProblem) {
        this.keys = Map.copyOf(keys);
        this.allowUnsigned = allowUnsigned;
        this.configurationProblem = configurationProblem;
    }

    /** Trusts these keys; unsigned bundles are refused. */
    public static BundleTrust of(Collection<PublicKey> trusted) {
        Map<String, PublicKey> byId = new TreeMap<>();
        trusted.forEach(k -> byId.put(SigningKeys.keyId(k), k));
        return new BundleTrust(byId, false, null);
    }

    /** Trusts no key and accepts unsigned bundles: for tests and explicit opt-outs. */
    public static BundleTrust unsignedAllowed() {
        return new BundleTrust(Map.of(), true, null);
    }

    /**
     * Trusts the public keys in these files, and in the {@code *.pub} files of these directories.
     *
     * @throws SigningKeys.InvalidKeyException naming the file that is missing or not a key
     */
    public static BundleTrust fromFiles(List<Path> locations)
            throws SigningKeys.InvalidKeyException {
        List<PublicKey> keys = new ArrayList<>();
        for (Path location : locations) {
            if (Files.isDirectory(location)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(location)) {
                    files =
                            s.filter(p -> p.getFileName().toString().endsWith(PUBLIC_KEY_SUFFIX))
                                    .sorted()
                                    .toList();
                } catch (IOException e) {
                    throw new SigningKeys.InvalidKeyException(
                            "trusted keys " + location + " cannot be listed: " + e.getMessage());
                }
                for (Path f : files) {
                    keys.add(readPublic(f));
                }
            } else {
                keys.add(readPublic(location));
            }
        }
        return of(keys);
    }

    /**
     * The trust configured by {@value #ENV_TRUSTED_KEYS} (paths separated by the platform's path
     * separator); no keys when it is unset. A broken setting is not thrown here: every check then
     * fails with its message, so a reader that never verifies is not stopped.
     */
    public static BundleTrust fromEnvironment() {
        String value = System.getenv(ENV_TRUSTED_KEYS);
        if (value == null || value.isBlank()) {
            return of(List.of());
        }
        try {
            List<Path> paths =
                    Stream.of(value.split(java.io.File.pathSeparator))
                            .filter(s -> !s.isBlank())
                            .map(Path::of)
                            .toList();
            return fromFiles(paths);
        } catch (SigningKeys.InvalidKeyException | java.nio.file.InvalidPathException e) {
            return new BundleTrust(Map.of(), false, ENV_TRUSTED_KEYS + ": " + e.getMessage());
        }
    }

    /** The same keys, and unsigned bundles accepted when {@code allow} is true. */
    public BundleTrust allowingUnsigned(boolean allow) {
        return new BundleTrust(keys, allow, configurationProblem);
    }

    /** These keys and one more (a signer trusts its own key). */
    public BundleTrust trusting(PublicKey key) {
        Map<String, PublicKey> more = new TreeMap<>(keys);
        more.put(SigningKeys.keyId(key), key);
        return new BundleTrust(more, allowUnsigned, configurationProblem);
    }

    /** The trusted key ids, sorted. */
    public List<String> keyIds() {
        return new ArrayList<>(new TreeMap<>(keys).keySet());
    }

    /** The trusted keys, by key id order: to rebuild the same trust elsewhere ({@link #of}). */
    public List<PublicKey> keys() {
        return List.copyOf(new TreeMap<>(keys).values());
    }

    public boolean allowsUnsigned() {
        return allowUnsigned;
    }

    /**
     * Checks a manifest's signature file ({@code null} when the bundle has none).
     *
     * @return the key id that verified, or empty for an accepted unsigned bundle
     * @throws SignatureProblem why the signature is not accepted
     */
    Optional<String> check(byte[] manifestBytes, byte[] signatureFile) throws SignatureProblem {
        if (configurationProblem != null) {
            throw new SignatureProblem("cannot be checked: " + configurationProblem);
        }
        if (signatureFile == null) {
            if (allowUnsigned) {
                return Optional.empty();
            }
            throw new SignatureProblem(
                    "missing: the bundle is unsigned; sign bundles at registration (--signing-key"
                            + " or "
                            + BundleSigner.ENV_SIGNING_KEY
                            + "), or accept unsigned bundles explicitly with --allow-unsigned");
        }
        SignatureFile sig;
        try {
            sig = SignatureFile.fromJson(signatureFile);
        } catch (IllegalArgumentException e) {
            throw new SignatureProblem("malformed: " + e.getMessage());
        }
        PublicKey key = keys.get(sig.keyId());
        if (key == null) {
            throw new SignatureProblem(
                    "signed by key "
                            + BundleManifest.quote(sig.keyId())
                            + ", which is not trusted ("
                            + (keys.isEmpty()
                                    ? "no trusted keys are configured"
                                    : "trusted: " + String.join(", ", keyIds()))
                            + "; add its public key with --trusted-keys or "
                            + ENV_TRUSTED_KEYS
                            + ")");
        }
        boolean valid;
        try {
            Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
            s.initVerify(key);
            s.update(manifestBytes);
            valid = s.verify(sig.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new SignatureProblem(
                    "the Ed25519 signature by key "
                            + sig.keyId()
                            + " does not match manifest.json (changed after it was signed)");
        }
        return Optional.of(sig.keyId());
    }

    /** Why a signature is not accepted; becomes a {@link Problem} on {@code manifest.sig}. */
    static final class SignatureProblem extends Exception {
        private static final long serialVersionUID = 1L;

        SignatureProblem(String message) {
            super(message);
        }

        Problem problem() {
            return new Problem(SignatureFile.NAME, getMessage());
        }
    }

    private static PublicKey readPublic(Path file) throws SigningKeys.InvalidKeyException {
        try {
            if (Files.size(file) > SigningKeys.MAX_KEY_CHARS) {
                throw new SigningKeys.InvalidKeyException(
                        "trusted key " + file + " is " + Files.size(file) + " bytes; not a key");
            }
            return SigningKeys.parsePublic(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SigningKeys.InvalidKeyException("trusted key " + file + " does not exist");
        } catch (IOException e) {
            throw new SigningKeys.InvalidKeyException(
                    "trusted key " + file + " cannot be read: " + e.getMessage());
        } catch (SigningKeys.InvalidKeyException e) {
            throw e.getMessage().startsWith("trusted key ")
                    ? e
                    : new SigningKeys.InvalidKeyException(
                            "trusted key " + file + ": " + e.getMessage());
        }
    }
}
