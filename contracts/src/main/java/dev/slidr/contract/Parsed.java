package dev.slidr.contract;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of decoding one input record: the record, or the reason it was rejected.
 *
 * <pre>{@code
 * switch (ContractJson.readClick(bytes)) {
 *     case Parsed.Ok<Click> ok -> process(ok.value());
 *     case Parsed.Rejected<Click> no -> deadLetter(bytes, no.reason(), no.message());
 * }
 * }</pre>
 *
 * (Pattern matching on {@code switch} needs Java 21; on 17 use {@code instanceof}.)
 */
public sealed interface Parsed<T> {

    /** A record that passed every check. */
    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A rejected record, with a stable reason code and a human-readable message. */
    record Rejected<T>(ReasonCode reason, String message) implements Parsed<T> {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> rejected(ReasonCode reason, String message) {
        return new Rejected<>(reason, message);
    }

    /** True for {@link Ok}. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value of an {@link Ok}; throws {@link IllegalStateException} on a rejection. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value;
        }
        Rejected<T> rejected = (Rejected<T>) this;
        throw new IllegalStateException(
                "rejected (" + rejected.reason.wireName() + "): " + rejected.message);
    }

    /** The reason of a {@link Rejected}; null for {@link Ok}. */
    default ReasonCode reasonOrNull() {
        return this instanceof Rejected<T> rejected ? rejected.reason : null;
    }

    /** Applies {@code f} to an accepted value; a rejection passes through unchanged. */
    @SuppressWarnings("unchecked")
    default <R> Parsed<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value));
        }
        Rejected<T> rejected = (Rejected<T>) this;
        return new Rejected<>(rejected.reason, rejected.message);
    }
}
