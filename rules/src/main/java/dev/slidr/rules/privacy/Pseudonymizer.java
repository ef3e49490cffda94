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
 * <p>Pseudonyms are cached per kind in a bounded, direct-mapped cache ({@link #DEFAULT_CACHE_SIZE}
 * slots per kind unless told otherwise): users, sessions and IPs repeat across clicks, and a hit
 * costs a string hash and compare where an HMAC costs a few hundred nanoseconds. Each slot holds
 * the last identifier that hashed to it; a miss computes the pseudonym and takes the slot. Written
 * here rather than taken from Caffeine, which this class used before: on the identifiers of a
 * simulated week its admission and eviction bookkeeping on every miss cost more than the HMACs it
 * saved (docs/benchmarks.md, "Pseudonyms", measured with {@code PseudonymCpuRate}). The cache
 * belongs to this instance and so to its key: the same key gives the same pseudonym, cached or not.
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

    /**
     * Pseudonyms cached per kind by {@link #Pseudonymizer(HmacKey)}: each entry is two short
     * strings (about 150 bytes), so a full cache holds about 15 MB per instance.
     */
    public static final int DEFAULT_CACHE_SIZE = 32_768;

    private static final String[] NO_SLOTS = new String[0];

    private final Mac mac;
    private final String keyId;
    // per kind (by ordinal): the identifier and pseudonym each slot holds; empty when not caching
    private final String[][] identifiers;
    private final String[][] pseudonyms;
    private final int mask;
    private long computed;

    /** A pseudonymizer with {@link #DEFAULT_CACHE_SIZE} cached pseudonyms per kind. */
    public Pseudonymizer(HmacKey key) {
        this(key, DEFAULT_CACHE_SIZE);
    }

    /**
     * A pseudonymizer that caches at most {@code cacheSize} pseudonyms per kind; 0 caches none.
     *
     * @throws IllegalArgumentException when {@code cacheSize} is negative
     */
    public Pseudonymizer(HmacKey key, int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException(
                    "pseudonym cache size must be >= 0, was " + cacheSize);
        }
        this.keyId = key.keyId();
        // the largest power of two within the bound, so a slot is a mask of the hash
        int slots = cacheSize == 0 ? 0 : Integer.highestOneBit(cacheSize);
        int kinds = IdentifierKind.values().length;
        this.identifiers = new String[kinds][];
        this.pseudonyms = new String[kinds][];
        for (int k = 0; k < kinds; k++) {
            identifiers[k] = slots == 0 ? NO_SLOTS : new String[slots];
            pseudonyms[k] = slots == 0 ? NO_SLOTS : new String[slots];
        }
        this.mask = slots - 1;
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
        if (mask < 0) {
            return computePseudonym(kind, identifier);
        }
        String[] known = identifiers[kind.ordinal()];
        String[] values = pseudonyms[kind.ordinal()];
        int h = identifier.hashCode();
        // spread the high bits over the low ones the mask keeps
        int slot = (h ^ (h >>> 16)) & mask;
        if (identifier.equals(known[slot])) {
            return values[slot];
        }
        String pseudonym = computePseudonym(kind, identifier);
        known[slot] = identifier;
        values[slot] = pseudonym;
        return pseudonym;
    }

    /** How many pseudonyms are cached now, over all kinds. */
    long cachedPseudonyms() {
        long total = 0;
        for (String[] known : identifiers) {
            for (String identifier : known) {
                if (identifier != null) {
                    total++;
                }
            }
        }
        return total;
    }

    /** How many pseudonyms this instance has computed (the lookups the cache did not answer). */
    long computedPseudonyms() {
        return computed;
    }

    private String computePseudonym(IdentifierKind kind, String identifier) {
        computed++;
        mac.update((byte) kind.prefix());
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        byte[] head = new byte[PSEUDONYM_BYTES];
        System.arraycopy(digest, 0, head, 0, PSEUDONYM_BYTES);
        return kind.prefix() + "." + keyId + "." + ENCODER.encodeToString(head);
    }
}
