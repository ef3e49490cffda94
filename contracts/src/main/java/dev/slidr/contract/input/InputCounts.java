package dev.slidr.contract.input;

import dev.slidr.contract.ReasonCode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a reader has seen so far: records read, accepted, rejected per reason, and blank lines
 * skipped (blank lines are not records; they are counted so that nothing vanishes unseen).
 *
 * <p>{@code bytes} is the size of the input text the reader went through (decompressed; for a plain
 * UTF-8 file, the file size once the reader has ended), and {@code unreadBytes} the part of it
 * after the last record it could read: a CSV reader stopped by a structural error (an unterminated
 * quote) turns none of the rest of its file into records, and says so here.
 */
public record InputCounts(
        long read,
        long accepted,
        Map<ReasonCode, Long> rejected,
        long blank,
        long bytes,
        long unreadBytes) {

    public InputCounts {
        rejected =
                Collections.unmodifiableMap(
                        new EnumMap<>(
                                rejected.isEmpty() ? new EnumMap<>(ReasonCode.class) : rejected));
    }

    /** Whether the reader turned all of its input into records (or rejections). */
    public boolean complete() {
        return unreadBytes == 0;
    }

    /** All rejected records, whatever the reason. */
    public long rejectedTotal() {
        long total = 0;
        for (long n : rejected.values()) {
            total += n;
        }
        return total;
    }

    /** Mutable tally kept by a reader; {@link #snapshot()} gives the immutable counts. */
    static final class Tally {
        private long read;
        private long accepted;
        private long blank;
        private long bytes;
        private long unreadBytes;
        private final EnumMap<ReasonCode, Long> rejected = new EnumMap<>(ReasonCode.class);

        void add(InputRow<?> row) {
            read++;
            ReasonCode reason = row.parsed().reasonOrNull();
            if (reason == null) {
                accepted++;
            } else {
                rejected.merge(reason, 1L, Long::sum);
            }
        }

        void blank() {
            blank++;
        }

        /** The size of the input text gone through, and the part never turned into records. */
        void bytes(long seen, long unread) {
            bytes = seen;
            unreadBytes = unread;
        }

        InputCounts snapshot() {
            return new InputCounts(read, accepted, rejected, blank, bytes, unreadBytes);
        }
    }
}
