package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sums per slice, model and window, and when they leave: watermark, checkpoint, end, bound. */
class LabelCountCombinerTest {

    private static final long MINUTE = 60_000;
    // aligned to the minute, as the windows are
    private static final long T0 = 1_780_000_020_000L / MINUTE * MINUTE;

    private OneInputStreamOperatorTestHarness<LabelCount, LabelCount> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new LabelCountCombiner(Duration.ofMinutes(1)));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void sumsPerSliceModelAndWindowAndSendsThemBeforeTheWatermark() throws Exception {
        harness.processElement(count("s", "m1", T0 + 1_000, 1, 1, 0, 0), T0);
        harness.processElement(count("s", "m1", T0 + 59_000, 1, 0, 0, 0), T0);
        harness.processElement(count("s", "m1", T0 + 2_000, 0, 0, 1, 1), T0);
        harness.processElement(count("s", "m2", T0 + 3_000, 1, 0, 0, 0), T0);
        harness.processElement(count("t", "m1", T0 + 4_000, 1, 1, 0, 0), T0);
        harness.processElement(count("s", "m1", T0 + MINUTE, 1, 0, 0, 0), T0);
        assertThat(harness.getOutput()).as("nothing leaves before the watermark").isEmpty();

        harness.processWatermark(new Watermark(T0 - 1));
        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(5);
        assertThat(out.get(4)).as("the watermark after the sums").isEqualTo(new Watermark(T0 - 1));
        assertThat(harness.extractOutputValues())
                .extracting(
                        c -> c.slice() + "/" + c.modelVersion() + "@" + (c.labelTs() - T0) / MINUTE)
                .containsExactlyInAnyOrder("s/m1@0", "s/m2@0", "t/m1@0", "s/m1@1");
        assertThat(harness.extractOutputValues())
                .filteredOn(c -> c.slice().equals("s") && c.modelVersion().equals("m1"))
                .extracting(
                        c ->
                                List.of(
                                        c.clicks(),
                                        c.invalid(),
                                        c.converting(),
                                        c.convertingInvalid()))
                .containsExactlyInAnyOrder(List.of(2, 1, 1, 1), List.of(1, 0, 0, 0));
    }

    @Test
    void sendsItsSumsBeforeACheckpointAndAtTheEndOfInput() throws Exception {
        harness.processElement(count("s", "m1", T0, 1, 0, 0, 0), T0);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.processElement(count("s", "m1", T0, 1, 1, 0, 0), T0);
        harness.endInput();
        assertThat(harness.extractOutputValues())
                .extracting(LabelCount::clicks)
                .containsExactly(1, 1);
    }

    @Test
    void aRevisionThatCancelsItsDecisionSendsNothing() throws Exception {
        harness.processElement(count("s", "m1", T0, 1, 1, 0, 0), T0);
        harness.processElement(count("s", "m1", T0, -1, -1, 0, 0), T0);
        harness.processWatermark(new Watermark(T0 - 1));
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void holdsAtMostItsBoundOfSums() throws Exception {
        for (int i = 0; i < LabelCountCombiner.MAX_SUMS; i++) {
            harness.processElement(count("s", "m" + i, T0, 1, 0, 0, 0), T0);
        }
        assertThat(harness.extractOutputValues()).hasSize(LabelCountCombiner.MAX_SUMS);
    }

    @Test
    void refusesAWindowThatIsNotPositive() {
        assertThatThrownBy(() -> new LabelCountCombiner(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }

    private static LabelCount count(
            String slice, String model, long labelTs, int c, int i, int conv, int convInv) {
        return new LabelCount(slice, model, labelTs, c, i, conv, convInv);
    }
}
