package dev.slidr.job.kafka;

import dev.slidr.contract.Click;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Test-only failure injection: passes clicks through slowly (so that checkpoints complete while the
 * bounded input is still flowing) and throws once, in the whole job, after it has seen {@code
 * failAfter} records and at least one completed checkpoint, so the restart restores real state.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<Click, Click>
        implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    /** Set when the failure was thrown; the MiniCluster runs in the test's JVM. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final int failAfter;
    private transient int seen;
    private transient boolean checkpointed;

    FailOnceAfterCheckpoint(int failAfter) {
        this.failAfter = failAfter;
    }

    @Override
    public Click map(Click click) throws Exception {
        seen++;
        if (seen >= failAfter && checkpointed && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + seen + " clicks");
        }
        if (!FAILED.get()) {
            // the notification of a completed checkpoint runs on this task's thread, between
            // records: slow down (more while none has completed) rather than block
            Thread.sleep(checkpointed ? 1 : 20);
        }
        return click;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
