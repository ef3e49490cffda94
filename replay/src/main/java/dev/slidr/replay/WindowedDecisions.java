package dev.slidr.replay;

import dev.slidr.contract.Decision;
import java.nio.ByteBuffer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * Keeps the decisions of the replay's window (with their advertisers) and counts the others in the
 * job, so the client receives the decisions it reports and a count record per {@link #COUNT_EVERY}
 * decisions left out, instead of every decision of the warm-up: a window of an hour after a day of
 * warm-up would otherwise collect 25 decisions for each one reported. The counts keep the summary's
 * {@code warmed} and the progress bar as they were.
 */
final class WindowedDecisions
        extends AbstractStreamOperator<Either<Tuple2<String, Decision>, byte[]>>
        implements OneInputStreamOperator<
                        Tuple2<String, Decision>, Either<Tuple2<String, Decision>, byte[]>>,
                BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** How many left-out decisions a count record holds at most: the progress bar's step. */
    static final int COUNT_EVERY = 10_000;

    /** First byte of a count record. */
    static final byte COUNT = 'C';

    /** First byte of a dead letter record (its contract JSON follows). */
    static final byte DEAD_LETTER = 'D';

    private final long fromMillis;
    private final long toMillis;

    private transient long warmed;
    private transient long after;

    WindowedDecisions(ReplayWindow window) {
        this.fromMillis = window.from().toEpochMilli();
        this.toMillis = window.to().toEpochMilli();
    }

    @Override
    public void processElement(StreamRecord<Tuple2<String, Decision>> element) {
        long ts = element.getValue().f1.eventTs();
        if (ts >= toMillis) {
            after++;
        } else if (ts >= fromMillis) {
            output.collect(
                    element.replace(
                            Either.<Tuple2<String, Decision>, byte[]>Left(element.getValue())));
            return;
        } else {
            // before the warm-up too: the client has always counted those as warmed
            warmed++;
        }
        if (warmed + after >= COUNT_EVERY) {
            emitCounts();
        }
    }

    @Override
    public void endInput() {
        if (warmed + after > 0) {
            emitCounts();
        }
    }

    private void emitCounts() {
        output.collect(new StreamRecord<>(Either.Right(countRecord(warmed, after))));
        warmed = 0;
        after = 0;
    }

    /** A count record: {@link #COUNT}, then the warmed and the after-window decisions. */
    static byte[] countRecord(long warmed, long after) {
        return ByteBuffer.allocate(17).put(COUNT).putLong(warmed).putLong(after).array();
    }

    /** The warmed and after-window counts of a {@link #countRecord}. */
    static long[] counts(byte[] record) {
        ByteBuffer buffer = ByteBuffer.wrap(record, 1, 16);
        return new long[] {buffer.getLong(), buffer.getLong()};
    }
}
