package dev.slidr.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The limits every decoder enforces, as one immutable value; build it with {@link #builder()}.
 *
 * <pre>{@code
 * ParseLimits limits = ParseLimits.builder()
 *         .maxRecordBytes(8 * 1024)
 *         .maxFutureSkew(Duration.ofMinutes(5))
 *         .build();
 * ContractReader reader = new ContractReader(limits);
 * }</pre>
 */
public final class ParseLimits {

    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_DEAD_LETTER_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 8;
    public static final int DEFAULT_MAX_ID_LENGTH = 256;
    public static final int DEFAULT_MAX_TEXT_LENGTH = 2048;
    public static final int DEFAULT_MAX_ARRAY_LENGTH = 1024;
    public static final Instant DEFAULT_MIN_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant DEFAULT_MAX_TIMESTAMP = Instant.parse("2100-01-01T00:00:00Z");

    private static final ParseLimits DEFAULTS = builder().build();

    private final int maxRecordBytes;
    private final int maxDeadLetterBytes;
    private final int maxDepth;
    private final int maxIdLength;
    private final int maxTextLength;
    private final int maxArrayLength;
    private final long minTimestamp;
    private final long maxTimestamp;
    private final Duration maxFutureSkew;
    private final Duration maxAge;
    private final InstantSource clock;

    private ParseLimits(Builder b) {
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxDeadLetterBytes = b.maxDeadLetterBytes;
        this.maxDepth = b.maxDepth;
        this.maxIdLength = b.maxIdLength;
        this.maxTextLength = b.maxTextLength;
        this.maxArrayLength = b.maxArrayLength;
        this.minTimestamp = b.minTimestamp.toEpochMilli();
        this.maxTimestamp = b.maxTimestamp.toEpochMilli();
        this.maxFutureSkew = b.maxFutureSkew;
        this.maxAge = b.maxAge;
        this.clock = b.clock;
    }

    /** The defaults: 16 KiB records, depth 8, timestamps in [2000-01-01, 2100-01-01). */
    public static ParseLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Largest accepted record (click, conversion, RFM row, decision), in bytes. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Largest accepted dead-letter record, in bytes (it embeds the original in base64). */
    public int maxDeadLetterBytes() {
        return maxDeadLetterBytes;
    }

    /** Deepest accepted nesting of objects and arrays; the record object itself is depth 1. */
    public int maxDepth() {
        return maxDepth;
    }

    /** Longest accepted identifier (ids, placement, slice, versions, reason codes), in chars. */
    public int maxIdLength() {
        return maxIdLength;
    }

    /** Longest accepted free text (user agent, dead-letter message), in chars. */
    public int maxTextLength() {
        return maxTextLength;
    }

    /** Most elements accepted in an array field (decision features and reasons). */
    public int maxArrayLength() {
        return maxArrayLength;
    }

    /** Earliest accepted timestamp, epoch millis, inclusive. */
    public long minTimestamp() {
        return minTimestamp;
    }

    /** Latest accepted timestamp, epoch millis, exclusive. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    /** How far past the clock's now a timestamp may lie; null when unchecked. */
    public Duration maxFutureSkew() {
        return maxFutureSkew;
    }

    /** How far before the clock's now a timestamp may lie; null when unchecked. */
    public Duration maxAge() {
        return maxAge;
    }

    /** The clock for the relative bounds. */
    public InstantSource clock() {
        return clock;
    }

    /** A builder that starts from these limits. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxRecordBytes = maxRecordBytes;
        b.maxDeadLetterBytes = maxDeadLetterBytes;
        b.maxDepth = maxDepth;
        b.maxIdLength = maxIdLength;
        b.maxTextLength = maxTextLength;
        b.maxArrayLength = maxArrayLength;
        b.minTimestamp = Instant.ofEpochMilli(minTimestamp);
        b.maxTimestamp = Instant.ofEpochMilli(maxTimestamp);
        b.maxFutureSkew = maxFutureSkew;
        b.maxAge = maxAge;
        b.clock = clock;
        return b;
    }

    @Override
    public String toString() {
        return "ParseLimits{maxRecordBytes="
                + maxRecordBytes
                + ", maxDeadLetterBytes="
                + maxDeadLetterBytes
                + ", maxDepth="
                + maxDepth
                + ", maxIdLength="
                + maxIdLength
                + ", maxTextLength="
                + maxTextLength
                + ", maxArrayLength="
                + maxArrayLength
                + ", timestamps=["
                + Instant.ofEpochMilli(minTimestamp)
                + ", "
                + Instant.ofEpochMilli(maxTimestamp)
                + "), maxFutureSkew="
                + maxFutureSkew
                + ", maxAge="
                + maxAge
                + "}";
    }

    /** Collects limits; {@link #build()} checks them all and names every bad one. */
    public static final class Builder {
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxDeadLetterBytes = DEFAULT_MAX_DEAD_LETTER_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxIdLength = DEFAULT_MAX_ID_LENGTH;
        private int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
        private int maxArrayLength = DEFAULT_MAX_ARRAY_LENGTH;
        private Instant minTimestamp = DEFAULT_MIN_TIMESTAMP;
        private Instant maxTimestamp = DEFAULT_MAX_TIMESTAMP;
        private Duration maxFutureSkew;
        private Duration maxAge;
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        public Builder maxRecordBytes(int value) {
            maxRecordBytes = value;
            return this;
        }

        public Builder maxDeadLetterBytes(int value) {
            maxDeadLetterBytes = value;
            return this;
        }

        public Builder maxDepth(int value) {
            maxDepth = value;
            return this;
        }

        public Builder maxIdLength(int value) {
            maxIdLength = value;
            return this;
        }

        public Builder maxTextLength(int value) {
            maxTextLength = value;
            return this;
        }

        public Builder maxArrayLength(int value) {
            maxArrayLength = value;
            return this;
        }

        /** The plausible window of timestamps: {@code [min, max)}. */
        public Builder timestampWindow(Instant min, Instant max) {
            minTimestamp = min;
            maxTimestamp = max;
            return this;
        }

        /** Rejects timestamps more than {@code skew} ahead of the clock; null turns it off. */
        public Builder maxFutureSkew(Duration skew) {
            maxFutureSkew = skew;
            return this;
        }

        /** Rejects timestamps more than {@code age} before the clock; null turns it off. */
        public Builder maxAge(Duration age) {
            maxAge = age;
            return this;
        }

        /**
         * The clock for {@link #maxFutureSkew} and {@link #maxAge}; the system clock by default.
         */
        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        /**
         * The limits; throws {@link IllegalArgumentException} naming every limit that is out of
         * range.
         */
        public ParseLimits build() {
            List<String> problems = new ArrayList<>();
            atLeast(problems, "maxRecordBytes", maxRecordBytes, 64);
            atLeast(problems, "maxDeadLetterBytes", maxDeadLetterBytes, 256);
            atLeast(problems, "maxDepth", maxDepth, 2);
            if (maxDepth > 1000) {
                problems.add("maxDepth must be at most 1000, was " + maxDepth);
            }
            atLeast(problems, "maxIdLength", maxIdLength, 1);
            atLeast(problems, "maxTextLength", maxTextLength, 1);
            atLeast(problems, "maxArrayLength", maxArrayLength, 1);
            if (minTimestamp == null || maxTimestamp == null) {
                problems.add(
                        "timestampWindow needs both bounds, was ["
                                + minTimestamp
                                + ", "
                                + maxTimestamp
                                + ")");
            } else if (!minTimestamp.isBefore(maxTimestamp)) {
                problems.add(
                        "timestampWindow must have min before max, was ["
                                + minTimestamp
                                + ", "
                                + maxTimestamp
                                + ")");
            } else {
                try {
                    minTimestamp.toEpochMilli();
                    maxTimestamp.toEpochMilli();
                } catch (ArithmeticException e) {
                    problems.add("timestampWindow must fit epoch milliseconds in a long");
                }
            }
            positiveOrNull(problems, "maxFutureSkew", maxFutureSkew);
            positiveOrNull(problems, "maxAge", maxAge);
            if (clock == null) {
                problems.add("clock must not be null");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid parse limits: " + String.join("; ", problems));
            }
            return new ParseLimits(this);
        }

        private static void atLeast(List<String> problems, String name, int value, int min) {
            if (value < min) {
                problems.add(name + " must be at least " + min + ", was " + value);
            }
        }

        private static void positiveOrNull(List<String> problems, String name, Duration d) {
            if (d != null && (d.isNegative() || d.isZero())) {
                problems.add(name + " must be positive (or null to turn it off), was " + d);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParseLimits other
                && maxRecordBytes == other.maxRecordBytes
                && maxDeadLetterBytes == other.maxDeadLetterBytes
                && maxDepth == other.maxDepth
                && maxIdLength == other.maxIdLength
                && maxTextLength == other.maxTextLength
                && maxArrayLength == other.maxArrayLength
                && minTimestamp == other.minTimestamp
                && maxTimestamp == other.maxTimestamp
                && Objects.equals(maxFutureSkew, other.maxFutureSkew)
                && Objects.equals(maxAge, other.maxAge)
                && clock.equals(other.clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                maxRecordBytes, maxDepth, maxIdLength, maxTextLength, minTimestamp, maxTimestamp);
    }
}
