package dev.slidr.job;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Test-only failure injection in front of the sinks: passes records through slowly (so that
 * checkpoints complete while the bounded input is still flowing) and throws once, in the whole job,
 * after {@code failAfter} records and at least one completed checkpoint, so that the restart
 * restores real state (offsets, dedupe ids, counters, open transactions). With {@link
 * #orWithoutCheckpointAfter} it also throws once a subtask has passed that many records with no
 * checkpoint completed, so that a slow first checkpoint (a secured broker's transactions on a
 * loaded machine) cannot let the bounded input run out before the failure: the restart then starts
 * from nothing, which exactly-once must survive as well.
 */
public final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T>
        implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    /** Set when the failure was thrown; the MiniCluster runs in the test's JVM. */
    public static final AtomicBoolean FAILED = new AtomicBoolean();

    private final int failAfter;
    private final int failWithoutCheckpointAfter;
    private transient int seen;
    private transient boolean checkpointed;

    public FailOnceAfterCheckpoint(int failAfter) {
        this(failAfter, Integer.MAX_VALUE);
    }

    private FailOnceAfterCheckpoint(int failAfter, int failWithoutCheckpointAfter) {
        this.failAfter = failAfter;
        this.failWithoutCheckpointAfter = failWithoutCheckpointAfter;
    }

    /** This failure, thrown also after {@code records} records when no checkpoint completed. */
    public FailOnceAfterCheckpoint<T> orWithoutCheckpointAfter(int records) {
        return new FailOnceAfterCheckpoint<>(failAfter, records);
    }

    @Override
    public T map(T value) throws Exception {
        seen++;
        boolean due = (seen >= failAfter && checkpointed) || seen >= failWithoutCheckpointAfter;
        if (due && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + seen + " records");
        }
        if (!FAILED.get()) {
            // the notification of a completed checkpoint runs on this task's thread, between
            // records: slow down (more while none has completed) rather than block
            Thread.sleep(checkpointed ? 1 : 20);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
