package dev.slidr.contract.input;

import dev.slidr.contract.ReasonCode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a reader has seen so far: records read, accepted, rejected per reason, and blank lines
 * skipped (blank lines are not records; they are counted so that nothing vanishes unseen).
 */
public record InputCounts(long read, long accepted, Map<ReasonCode, Long> rejected, long blank) {

    public InputCounts {
        rejected =
                Collections.unmodifiableMap(
                        new EnumMap<>(
                                rejected.isEmpty() ? new EnumMap<>(ReasonCode.class) : rejected));
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

        InputCounts snapshot() {
            return new InputCounts(read, accepted, rejected, blank);
        }
    }
}
