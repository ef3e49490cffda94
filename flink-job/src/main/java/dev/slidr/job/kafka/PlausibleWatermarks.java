package dev.slidr.job.kafka;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * A watermark generator that lets only plausible timestamps move event time: a record stamped at or
 * after {@code maxTimestamp} (a producer's bug or a hostile record, e.g. year 9999) keeps its
 * timestamp but is not shown to the wrapped generator. Watermarks come from the Kafka timestamps
 * before any parsing, so without this one such record, even one that becomes a dead letter, would
 * push its partition's event time past every later click and fire every timer of the state.
 */
final class PlausibleWatermarks<T> implements WatermarkGenerator<T> {

    private final WatermarkGenerator<T> inner;
    private final long maxTimestamp;

    /** Shows {@code inner} only the events stamped before {@code maxTimestamp} (epoch millis). */
    PlausibleWatermarks(WatermarkGenerator<T> inner, long maxTimestamp) {
        this.inner = inner;
        this.maxTimestamp = maxTimestamp;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp < maxTimestamp) {
            inner.onEvent(event, eventTimestamp, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        inner.onPeriodicEmit(output);
    }
}
