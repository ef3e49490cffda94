package dev.slidr.rules.privacy;

/**
 * The kinds of identifier pseudonymized at ingress, each with its own prefix and HMAC domain.
 *
 * <p>The kind is both written as a prefix and mixed into the HMAC input, so that a user id and a
 * session id with the same text never map to the same pseudonym.
 */
public enum IdentifierKind {
    USER('u'),
    SESSION('s'),
    IP('i');

    private final char prefix;

    IdentifierKind(char prefix) {
        this.prefix = prefix;
    }

    /** The one-letter prefix of this kind's pseudonyms. */
    public char prefix() {
        return prefix;
    }
}
