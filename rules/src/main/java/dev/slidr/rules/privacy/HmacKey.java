package dev.slidr.rules.privacy;

import java.io.Serializable;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A validated HMAC-SHA256 secret with its key id, the identity of the key used for pseudonyms.
 *
 * <p>The secret is given as base64 (standard or URL-safe alphabet, padding optional) and must
 * decode to at least {@value #MIN_BYTES} bytes, the output size of SHA-256, so that the key is
 * never the weak link. The key id is written into every pseudonym ({@code u.k1.…}), so that after a
 * rotation old and new pseudonyms can be told apart. {@link #toString()} never shows the secret.
 *
 * <pre>{@code
 * HmacKey key = HmacKey.fromBase64("k1", System.getenv("SLIDR_HMAC_KEY"));
 * }</pre>
 */
public final class HmacKey implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Shortest accepted secret, in bytes. */
    public static final int MIN_BYTES = 32;

    /** Longest accepted secret, in bytes; anything longer is a configuration mistake. */
    public static final int MAX_BYTES = 1024;

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,16}");

    private final String keyId;
    private final byte[] secret;

    private HmacKey(String keyId, byte[] secret) {
        this.keyId = keyId;
        this.secret = secret;
    }

    /**
     * Decodes and validates a base64 secret.
     *
     * @throws InvalidHmacKeyException when the secret is missing, not base64, shorter than {@value
     *     #MIN_BYTES} or longer than {@value #MAX_BYTES} bytes, or the key id is not 1 to 16
     *     letters, digits or dashes
     */
    public static HmacKey fromBase64(String keyId, String base64Secret) {
        if (base64Secret == null || base64Secret.isBlank()) {
            throw new InvalidHmacKeyException(
                    InvalidHmacKeyException.Reason.MISSING,
                    "no HMAC key given: a base64 secret of at least "
                            + MIN_BYTES
                            + " bytes is required");
        }
        String text = base64Secret.strip();
        if (text.length() > MAX_BYTES * 2) {
            throw tooLong(text.length() * 3 / 4);
        }
        byte[] decoded;
        try {
            decoded =
                    text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                            ? Base64.getUrlDecoder().decode(text)
                            : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // the decoder's message may quote a character of the key; keep only the kind of fault
            throw new InvalidHmacKeyException(
                    InvalidHmacKeyException.Reason.MALFORMED,
                    "HMAC key is not valid base64 ("
                            + text.length()
                            + " characters); generate one with `openssl rand -base64 32`");
        }
        return of(keyId, decoded);
    }

    /**
     * Wraps raw secret bytes (copied).
     *
     * @throws InvalidHmacKeyException as {@link #fromBase64(String, String)}
     */
    public static HmacKey of(String keyId, byte[] secret) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new InvalidHmacKeyException(
                    InvalidHmacKeyException.Reason.BAD_KEY_ID,
                    "HMAC key id must be 1 to 16 letters, digits or dashes, got "
                            + (keyId == null ? "null" : "'" + keyId + "'"));
        }
        if (secret == null || secret.length == 0) {
            throw new InvalidHmacKeyException(
                    InvalidHmacKeyException.Reason.MISSING, "HMAC key '" + keyId + "' is empty");
        }
        if (secret.length < MIN_BYTES) {
            throw new InvalidHmacKeyException(
                    InvalidHmacKeyException.Reason.TOO_SHORT,
                    "HMAC key '"
                            + keyId
                            + "' has "
                            + secret.length
                            + " bytes; at least "
                            + MIN_BYTES
                            + " are required");
        }
        if (secret.length > MAX_BYTES) {
            throw tooLong(secret.length);
        }
        return new HmacKey(keyId, secret.clone());
    }

    private static InvalidHmacKeyException tooLong(int bytes) {
        return new InvalidHmacKeyException(
                InvalidHmacKeyException.Reason.TOO_LONG,
                "HMAC key has about " + bytes + " bytes; at most " + MAX_BYTES + " are accepted");
    }

    /** The key id written into every pseudonym made with this key. */
    public String keyId() {
        return keyId;
    }

    /** A copy of the secret bytes. */
    byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HmacKey other
                && keyId.equals(other.keyId)
                && java.security.MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "HmacKey[id=" + keyId + ", " + secret.length + " bytes]";
    }
}
