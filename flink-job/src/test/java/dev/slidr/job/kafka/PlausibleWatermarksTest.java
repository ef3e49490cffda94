package dev.slidr.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** A record stamped in year 9999 does not move event time; plausible ones do, as before. */
class PlausibleWatermarksTest {

    private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final long MAX = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    /** Keeps every watermark emitted. */
    private static final class TestingWatermarkOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    private final PlausibleWatermarks<String> generator =
            new PlausibleWatermarks<>(
                    new BoundedOutOfOrdernessWatermarks<>(Duration.ofSeconds(5)), MAX);
    private final TestingWatermarkOutput output = new TestingWatermarkOutput();

    private long watermark() {
        generator.onPeriodicEmit(output);
        return output.watermarks.get(output.watermarks.size() - 1);
    }

    @Test
    void aFarFutureTimestampLeavesTheWatermarkWherePlausibleOnesPutIt() {
        generator.onEvent("click", T0, output);
        long before = watermark();
        generator.onEvent("hostile", Instant.parse("9999-12-31T23:59:59Z").toEpochMilli(), output);
        generator.onEvent("hostile", Long.MAX_VALUE, output);
        generator.onEvent("hostile", MAX, output);
        assertThat(watermark()).isEqualTo(before).isEqualTo(T0 - 5_000 - 1);
    }

    @Test
    void plausibleTimestampsMoveTheWatermarkAsBefore() {
        generator.onEvent("click", T0, output);
        generator.onEvent("click", T0 + 60_000, output);
        assertThat(watermark()).isEqualTo(T0 + 60_000 - 5_000 - 1);
        generator.onEvent("click", MAX - 1, output);
        assertThat(watermark()).isEqualTo(MAX - 1 - 5_000 - 1);
    }
}
