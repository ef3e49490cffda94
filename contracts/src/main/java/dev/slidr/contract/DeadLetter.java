package dev.slidr.contract;

import java.util.Arrays;
import java.util.Objects;

/**
 * A rejected input record, as the dead-letter topic carries it (contract version {@link
 * #CONTRACT_VERSION}): the original bytes (at most {@link #MAX_ORIGINAL_BYTES}, with the full
 * length beside them), why it was rejected, where it came from and when.
 *
 * <p>For inputs that are not Kafka topics (files), {@code sourceTopic} names the file, {@code
 * sourcePartition} is -1 and {@code sourceOffset} is the line or row number.
 */
public record DeadLetter(
        byte[] original,
        long originalLength,
        ReasonCode reason,
        String message,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        long ts) {

    public static final int CONTRACT_VERSION = 1;

    /** The most original bytes kept; an oversized record keeps its first bytes only. */
    public static final int MAX_ORIGINAL_BYTES = 32 * 1024;

    public DeadLetter {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        original = original.clone();
        if (original.length > MAX_ORIGINAL_BYTES) {
            throw new IllegalArgumentException(
                    "original must be at most " + MAX_ORIGINAL_BYTES + " bytes; use DeadLetter.of");
        }
        if (originalLength < original.length) {
            throw new IllegalArgumentException(
                    "originalLength "
                            + originalLength
                            + " is less than the "
                            + original.length
                            + " bytes kept");
        }
        if (sourcePartition < -1 || sourceOffset < -1) {
            throw new IllegalArgumentException(
                    "source partition and offset must be >= -1, were "
                            + sourcePartition
                            + ", "
                            + sourceOffset);
        }
    }

    /**
     * A dead letter for {@code original}, truncated to {@link #MAX_ORIGINAL_BYTES}; the message is
     * cut to 1024 chars.
     */
    public static DeadLetter of(
            byte[] original,
            ReasonCode reason,
            String message,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            long ts) {
        byte[] bytes = original == null ? new byte[0] : original;
        byte[] kept =
                bytes.length > MAX_ORIGINAL_BYTES
                        ? Arrays.copyOf(bytes, MAX_ORIGINAL_BYTES)
                        : bytes;
        String shortMessage = message.length() > 1024 ? message.substring(0, 1024) : message;
        return new DeadLetter(
                kept,
                bytes.length,
                reason,
                shortMessage,
                sourceTopic,
                sourcePartition,
                sourceOffset,
                ts);
    }

    /** A dead letter for a rejection from one of the decoders. */
    public static DeadLetter of(
            byte[] original,
            Parsed.Rejected<?> rejected,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            long ts) {
        return of(
                original,
                rejected.reason(),
                rejected.message(),
                sourceTopic,
                sourcePartition,
                sourceOffset,
                ts);
    }

    /** A copy of the kept original bytes. */
    @Override
    public byte[] original() {
        return original.clone();
    }

    /** True when only the first {@link #MAX_ORIGINAL_BYTES} bytes were kept. */
    public boolean truncated() {
        return originalLength > original.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && Arrays.equals(original, d.original)
                && originalLength == d.originalLength
                && reason == d.reason
                && message.equals(d.message)
                && Objects.equals(sourceTopic, d.sourceTopic)
                && sourcePartition == d.sourcePartition
                && sourceOffset == d.sourceOffset
                && ts == d.ts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(original), reason, sourceTopic, sourcePartition, sourceOffset, ts);
    }

    @Override
    public String toString() {
        return "DeadLetter[original="
                + original.length
                + " of "
                + originalLength
                + " bytes, reason="
                + reason.wireName()
                + ", message="
                + message
                + ", source="
                + sourceTopic
                + "/"
                + sourcePartition
                + "@"
                + sourceOffset
                + ", ts="
                + ts
                + "]";
    }
}
