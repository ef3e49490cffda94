package dev.slidr.review;

/** The kinds of entity the queue ranks, with their names in the verdicts file and the outputs. */
public enum EntityKind {
    /** A user key ({@code Click.userKey()}): the user id when logged in, else the session id. */
    USER("user", "users"),
    /** A client IP. */
    IP("ip", "ips"),
    /** An ad. */
    AD("ad", "ads");

    private final String wireName;
    private final String plural;

    EntityKind(String wireName, String plural) {
        this.wireName = wireName;
        this.plural = plural;
    }

    /** The name in a verdicts file and in the JSON ({@code user}, {@code ip}, {@code ad}). */
    public String wireName() {
        return wireName;
    }

    /** What {@link RankedEntity#linked()} counts for this kind. */
    public String linkedName() {
        return this == USER ? "distinct_ips" : "distinct_users";
    }

    /** The name of a list of this kind ({@code users}, {@code ips}, {@code ads}). */
    public String plural() {
        return plural;
    }
}
