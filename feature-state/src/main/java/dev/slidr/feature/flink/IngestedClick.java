package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A click with the wall-clock time, in epoch microseconds, at which the live job read it: what
 * enters the feature stages. The read time travels with the click to the operator that decides it,
 * which records the processing latency (read → decision produced).
 *
 * <p>Wall-clock rather than {@link System#nanoTime()} because the stages of one click may run in
 * different task manager processes, where only the wall clock is shared. Offline uses (training,
 * replay) have no read time: {@link #NO_READ_TIME}.
 *
 * @param click the click
 * @param readMicros when the job read it, epoch microseconds, or {@link #NO_READ_TIME}
 */
@TypeInfo(IngestedClick.TypeFactory.class)
public record IngestedClick(Click click, long readMicros) {

    /** Read time of a click that was not read by the live job: no latency is recorded for it. */
    public static final long NO_READ_TIME = 0L;

    /** Kryo-free type information: {@link IngestedClickSerializer}. */
    public static final TypeInformation<IngestedClick> TYPE_INFO =
            new SerializerTypeInfo<>(IngestedClick.class, IngestedClickSerializer::new);

    public IngestedClick {
        Objects.requireNonNull(click, "click");
    }

    /** A click with no read time (offline uses, tests). */
    public static IngestedClick unstamped(Click click) {
        return new IngestedClick(click, NO_READ_TIME);
    }

    /** Whether the click carries a read time. */
    public boolean stamped() {
        return readMicros != NO_READ_TIME;
    }

    /**
     * The wall clock in epoch microseconds. {@link Instant#now()} has microsecond resolution on
     * Linux from Java 15 on, and costs a few tens of nanoseconds.
     */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Makes {@code TypeInformation.of(IngestedClick.class)} return {@link #TYPE_INFO}. */
    public static final class TypeFactory
            extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<IngestedClick> {
        @Override
        public TypeInformation<IngestedClick> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE_INFO;
        }
    }
}
