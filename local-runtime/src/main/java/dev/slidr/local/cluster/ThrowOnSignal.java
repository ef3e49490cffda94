package dev.slidr.local.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The soak's operator exception: passes records through and, when the soak has created the signal
 * file, throws in exactly one subtask (the one that deletes it) from a processing-time callback
 * every {@value #CHECK_MILLIS} ms, on the task's own thread, so it fails the task whether records
 * flow or not. Runs on the task managers, so it is shipped to the cluster beside the job jar
 * ({@link SoakJobJar}).
 */
public final class ThrowOnSignal<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {

    private static final long serialVersionUID = 1L;

    private static final long CHECK_MILLIS = 200;

    private final String signalFile;

    public ThrowOnSignal(Path signalFile) {
        this.signalFile = signalFile.toString();
    }

    @Override
    public void open() throws Exception {
        super.open();
        schedule();
    }

    private void schedule() {
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime() + CHECK_MILLIS,
                        time -> {
                            if (Files.deleteIfExists(Path.of(signalFile))) {
                                throw new IllegalStateException(
                                        "soak: injected operator exception (signal "
                                                + signalFile
                                                + ")");
                            }
                            schedule();
                        });
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }
}
