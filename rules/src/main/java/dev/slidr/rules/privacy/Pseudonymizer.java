package dev.slidr.rules.privacy;

import dev.slidr.contract.Click;
import dev.slidr.rules.givt.ClientIp;
import inet.ipaddr.IPAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces the user id, session id and IP of a click by keyed HMAC-SHA256 pseudonyms.
 *
 * <p>A pseudonym is {@code <kind>.<key id>.<base64url of the first 16 HMAC bytes>}, e.g. {@code
 * u.k1.3q2-7wVXaS0lHkVYcI0yMw}: the kind letter keeps user, session and IP pseudonyms apart, the
 * key id says which key made it. The HMAC input is the kind letter, a zero byte and the UTF-8
 * identifier; IPs are first brought to their canonical text ({@link ClientIp}), so every spelling
 * of an address gets the same pseudonym. 128 bits keep collisions out of reach for any realistic
 * number of identifiers.
 *
 * <p>Not thread-safe: it holds one {@link Mac}, initialized once with the key, and reuses it for
 * every identifier ({@code doFinal} resets it). Make one per thread or per Flink function instance.
 *
 * <pre>{@code
 * Pseudonymizer pseudonymizer = new Pseudonymizer(HmacKey.fromBase64("k1", secret));
 * Click safe = pseudonymizer.pseudonymize(click);
 * }</pre>
 */
public final class Pseudonymizer {

    /** Bytes of the HMAC kept in a pseudonym. */
    public static final int PSEUDONYM_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Mac mac;
    private final String keyId;

    public Pseudonymizer(HmacKey key) {
        this.keyId = key.keyId();
        try {
            this.mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a mandatory JCA algorithm and any non-empty key is valid for it
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The id of the key this pseudonymizer uses. */
    public String keyId() {
        return keyId;
    }

    /** The click with user id, session id and IP replaced by their pseudonyms. */
    public Click pseudonymize(Click click) {
        return pseudonymize(click, ClientIp.parse(click.ip()));
    }

    /**
     * The click with user id, session id and IP replaced by their pseudonyms, reusing an IP the
     * caller already parsed ({@code null} when it did not parse: the stripped text is used).
     */
    public Click pseudonymize(Click click, IPAddress parsedIp) {
        String ipText = parsedIp != null ? ClientIp.canonical(parsedIp) : click.ip().strip();
        return new Click(
                click.clickId(),
                click.ts(),
                click.userId() == null ? null : pseudonym(IdentifierKind.USER, click.userId()),
                pseudonym(IdentifierKind.SESSION, click.sessionId()),
                pseudonym(IdentifierKind.IP, ipText),
                click.userAgent(),
                click.device(),
                click.loggedIn(),
                click.adId(),
                click.advertiserId(),
                click.placement());
    }

    /** The pseudonym of one identifier of the given kind. */
    public String pseudonym(IdentifierKind kind, String identifier) {
        mac.update((byte) kind.prefix());
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        byte[] head = new byte[PSEUDONYM_BYTES];
        System.arraycopy(digest, 0, head, 0, PSEUDONYM_BYTES);
        return kind.prefix() + "." + keyId + "." + ENCODER.encodeToString(head);
    }
}
