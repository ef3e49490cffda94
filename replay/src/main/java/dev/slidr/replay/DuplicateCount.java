package dev.slidr.replay;

import dev.slidr.contract.Decision;
import dev.slidr.job.ingress.GivtVerdict;
import java.nio.ByteBuffer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * Counts the repeated click ids the job's dedupe stage held back, chained to that stage, and sends
 * a count record per {@link WindowedDecisions#COUNT_EVERY} and one at the end: the summary says how
 * many clicks were read but never decided because their id had been seen, and the progress bar
 * counts them as done.
 */
final class DuplicateCount extends AbstractStreamOperator<Either<Tuple2<String, Decision>, byte[]>>
        implements OneInputStreamOperator<GivtVerdict, Either<Tuple2<String, Decision>, byte[]>>,
                BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** First byte of a record counting repeated click ids. */
    static final byte REPEATED = 'U';

    private transient long repeated;

    @Override
    public void processElement(StreamRecord<GivtVerdict> element) {
        repeated++;
        if (repeated >= WindowedDecisions.COUNT_EVERY) {
            emit();
        }
    }

    @Override
    public void endInput() {
        if (repeated > 0) {
            emit();
        }
    }

    private void emit() {
        output.collect(new StreamRecord<>(Either.Right(record(repeated))));
        repeated = 0;
    }

    /** A count record: {@link #REPEATED}, then the count. */
    static byte[] record(long repeated) {
        return ByteBuffer.allocate(9).put(REPEATED).putLong(repeated).array();
    }

    /** The count of a {@link #record}. */
    static long count(byte[] record) {
        return ByteBuffer.wrap(record, 1, 8).getLong();
    }
}
