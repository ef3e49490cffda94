package dev.slidr.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs bundle manifests with an Ed25519 private key; the signature goes in {@code manifest.sig}
 * beside the manifest, naming the key id so verifiers can hold several trusted keys (rotation).
 *
 * <pre>{@code
 * BundleSigner signer = BundleSigner.fromFile(Path.of("/etc/slidr/signing.key"));
 * registry.register(writer.signedWith(signer));
 * }</pre>
 */
public final class BundleSigner {

    /** The environment variable that may hold the signing key (PKCS#8 PEM or base64). */
    public static final String ENV_SIGNING_KEY = "SLIDR_SIGNING_KEY";

    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String keyId;

    private BundleSigner(PrivateKey key) {
        this.key = key;
        this.publicKey = SigningKeys.publicOf(key);
        this.keyId = SigningKeys.keyId(publicKey);
    }

    /** A signer with this private key. */
    public static BundleSigner of(PrivateKey key) {
        return new BundleSigner(key);
    }

    /** A signer from key text (PKCS#8 PEM, or the base64 of its DER). */
    public static BundleSigner parse(String text) throws SigningKeys.InvalidKeyException {
        return new BundleSigner(SigningKeys.parsePrivate(text));
    }

    /** A signer from a key file; every problem is one line naming the file. */
    public static BundleSigner fromFile(Path file) throws SigningKeys.InvalidKeyException {
        try {
            if (Files.isDirectory(file)) {
                throw new SigningKeys.InvalidKeyException(
                        "signing key " + file + " is a directory, not a key file");
            }
            if (Files.size(file) > SigningKeys.MAX_KEY_CHARS) {
                throw new SigningKeys.InvalidKeyException(
                        "signing key " + file + " is " + Files.size(file) + " bytes; not a key");
            }
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SigningKeys.InvalidKeyException("signing key " + file + " does not exist");
        } catch (IOException e) {
            throw new SigningKeys.InvalidKeyException(
                    "signing key " + file + " cannot be read: " + e.getMessage());
        } catch (SigningKeys.InvalidKeyException e) {
            throw e.getMessage().startsWith("signing key " + file)
                    ? e
                    : new SigningKeys.InvalidKeyException(file + ": " + e.getMessage());
        }
    }

    /** The id of this key, which the signature names. */
    public String keyId() {
        return keyId;
    }

    /** The public key that verifies this signer's signatures. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** {@code manifest.sig} for these manifest bytes. */
    byte[] sign(byte[] manifestBytes) {
        try {
            Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
            s.initSign(key);
            s.update(manifestBytes);
            return SignatureFile.toJson(new SignatureFile(keyId, s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with key " + keyId, e);
        }
    }
}
