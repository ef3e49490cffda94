package dev.slidr.registry;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys for bundle signatures: generation, PEM (PKCS#8 private, X.509 public) in and out,
 * and the key id, which is derived from the public key so that a key file cannot be mislabelled.
 *
 * <pre>{@code
 * KeyPair pair = SigningKeys.generate();
 * String id = SigningKeys.keyId(pair.getPublic());          // "ed25519-1a2b3c4d5e6f7081"
 * PrivateKey key = SigningKeys.parsePrivate(Files.readString(keyFile));
 * }</pre>
 */
public final class SigningKeys {

    /** The signature algorithm (the JDK's name). */
    public static final String ALGORITHM = "Ed25519";

    /** A key file or value larger than this is refused before it is parsed. */
    public static final int MAX_KEY_CHARS = 16 * 1024;

    private static final Pattern PEM =
            Pattern.compile(
                    "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----",
                    Pattern.DOTALL);

    private SigningKeys() {}

    /** A key in a file or a value that cannot be used; the message says why. */
    public static final class InvalidKeyException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidKeyException(String message) {
            super(message);
        }
    }

    /** A new Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
        }
    }

    /** The key id: {@code ed25519-} and the first 16 hex digits of the public key's SHA-256. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "ed25519-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** A private key as PKCS#8 PEM. */
    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** A public key as X.509 SubjectPublicKeyInfo PEM. */
    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** An Ed25519 private key from PKCS#8 PEM, or from the base64 of its DER encoding. */
    public static PrivateKey parsePrivate(String text) throws InvalidKeyException {
        byte[] der = der(text, "PRIVATE KEY", "signing key");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException(
                    "the signing key is not an Ed25519 PKCS#8 private key ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }

    /** An Ed25519 public key from X.509 PEM, or from the base64 of its DER encoding. */
    public static PublicKey parsePublic(String text) throws InvalidKeyException {
        byte[] der = der(text, "PUBLIC KEY", "public key");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException(
                    "not an Ed25519 X.509 public key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The public key of a private key (RFC 8032 5.1.5: the clamped SHA-512 of the seed times the
     * base point), so a signer needs only its private key to name its key id.
     */
    public static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-512").digest(ed.getBytes().get());
            h[0] &= (byte) 248;
            h[31] &= 127;
            h[31] |= 64;
            byte[] le = new byte[32];
            for (int i = 0; i < 32; i++) {
                le[i] = h[31 - i];
            }
            BigInteger[] a = Curve.multiply(new BigInteger(1, le), Curve.BASE);
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(
                            new EdECPublicKeySpec(
                                    NamedParameterSpec.ED25519,
                                    new EdECPoint(a[0].testBit(0), a[1])));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot build an Ed25519 public key", e);
        }
    }

    private static byte[] der(String text, String label, String what) throws InvalidKeyException {
        if (text == null || text.isBlank()) {
            throw new InvalidKeyException("the " + what + " is empty");
        }
        if (text.length() > MAX_KEY_CHARS) {
            throw new InvalidKeyException(
                    "the " + what + " is " + text.length() + " characters; a key is under 1 KB");
        }
        String body = text.strip();
        if (body.startsWith("-----BEGIN")) {
            Matcher m = PEM.matcher(body);
            if (!m.find()) {
                throw new InvalidKeyException("the " + what + " is not a complete PEM block");
            }
            if (!m.group(1).equals(label)) {
                throw new InvalidKeyException(
                        "the " + what + " is a PEM " + m.group(1) + ", expected " + label);
            }
            body = m.group(2);
        }
        try {
            return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("the " + what + " is neither PEM nor base64");
        }
    }

    private static String pem(String label, byte[] der) {
        String b64 =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

    /** Edwards25519 arithmetic in affine coordinates: slow, but only used once per key load. */
    private static final class Curve {
        static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
        static final BigInteger D =
                BigInteger.valueOf(-121665)
                        .multiply(BigInteger.valueOf(121666).modInverse(P))
                        .mod(P);
        static final BigInteger[] BASE = {
            new BigInteger(
                    "15112221349535400772501151409588531511454012693041857206046113283949847762202"),
            new BigInteger(
                    "46316835694926478169428394003475163141307993866256225615783033603165251855960")
        };

        static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
            BigInteger x1x2 = p[0].multiply(q[0]).mod(P);
            BigInteger y1y2 = p[1].multiply(q[1]).mod(P);
            BigInteger dxy = D.multiply(x1x2).multiply(y1y2).mod(P);
            BigInteger x =
                    p[0].multiply(q[1])
                            .add(p[1].multiply(q[0]))
                            .multiply(BigInteger.ONE.add(dxy).modInverse(P))
                            .mod(P);
            BigInteger y =
                    y1y2.add(x1x2)
                            .multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P))
                            .mod(P);
            return new BigInteger[] {x, y};
        }

        static BigInteger[] multiply(BigInteger scalar, BigInteger[] point) {
            BigInteger[] result = {BigInteger.ZERO, BigInteger.ONE};
            BigInteger[] addend = point;
            for (int i = 0; i < scalar.bitLength(); i++) {
                if (scalar.testBit(i)) {
                    result = add(result, addend);
                }
                addend = add(addend, addend);
            }
            return result;
        }
    }

    /** Where {@link #writeKeyPair} put a key pair. */
    public record KeyFiles(String keyId, Path privateKey, Path publicKey) {}

    /**
     * Writes {@code pair} into {@code dir} as {@code <key id>.key} (PKCS#8 PEM, owner-only where
     * the file system has POSIX permissions) and {@code <key id>.pub} (X.509 PEM). The private key
     * is written under a temporary name and renamed, so it is whole or absent; neither file may
     * exist already.
     */
    public static KeyFiles writeKeyPair(KeyPair pair, Path dir) throws IOException {
        String id = keyId(pair.getPublic());
        Files.createDirectories(dir);
        Path key = dir.resolve(id + ".key");
        Path pub = dir.resolve(id + BundleTrust.PUBLIC_KEY_SUFFIX);
        if (Files.exists(key) || Files.exists(pub)) {
            throw new FileAlreadyExistsException(key + " or " + pub);
        }
        Path tmp = Files.createTempFile(dir, "." + id, ".key.tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect the key
            }
            Files.writeString(tmp, privatePem(pair.getPrivate()), StandardCharsets.US_ASCII);
            Files.move(tmp, key, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Files.writeString(pub, publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
        return new KeyFiles(id, key, pub);
    }
}
