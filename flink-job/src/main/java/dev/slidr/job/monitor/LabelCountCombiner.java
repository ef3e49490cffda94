package dev.slidr.job.monitor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums the join's {@link LabelCount}s per slice, model version and window before they cross the
 * network to the windows, chained to the join: the windows then read and write their state a few
 * times per slice and watermark instead of once per click.
 *
 * <p>It holds nothing across a checkpoint or a watermark: the sums leave before every watermark it
 * forwards (so none reaches its window after the window closed) and before every checkpoint barrier
 * (so a restore loses none and repeats none), and at the end of a bounded input. Flink's DataStream
 * API has no local pre-aggregation for keyed windows (the Table API's mini-batch is not available
 * to it), hence this operator.
 */
public final class LabelCountCombiner extends AbstractStreamOperator<LabelCount>
        implements OneInputStreamOperator<LabelCount, LabelCount>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Sums held before they leave anyway: a bound on the heap between two watermarks. */
    static final int MAX_SUMS = 4_096;

    private final long windowMillis;

    private transient Map<Bucket, LabelCount> sums;

    private record Bucket(String slice, String modelVersion, long windowStart) {}

    /**
     * @param window the span of the windows the sums go to (positive)
     */
    public LabelCountCombiner(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive, got " + window);
        }
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        sums = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<LabelCount> element) {
        LabelCount c = element.getValue();
        Bucket bucket =
                new Bucket(
                        c.slice(),
                        c.modelVersion(),
                        TimeWindow.getWindowStartWithOffset(c.labelTs(), 0, windowMillis));
        sums.merge(bucket, c, LabelCount::plus);
        if (sums.size() >= MAX_SUMS) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        for (LabelCount sum : sums.values()) {
            // a revision and the decision it replaced can cancel out
            if (sum.clicks() != 0
                    || sum.invalid() != 0
                    || sum.converting() != 0
                    || sum.convertingInvalid() != 0) {
                output.collect(new StreamRecord<>(sum, sum.labelTs()));
            }
        }
        sums.clear();
    }
}
