package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's flight recording: a busy method shows up at the top of its own summary. */
class FlightProfileTest {

    @Test
    void settingUpTheRecorderLeavesNoRecordingBehind() {
        FlightProfile.initializeRecorder();

        assertThat(jdk.jfr.FlightRecorder.isInitialized()).isTrue();
        assertThat(jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings())
                .noneMatch(r -> r.getName().equals("slidr-bench-setup"));
    }

    private static volatile long sink;

    @Test
    void aBusyMethodLeadsTheSummaryOfItsRecording(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("busy.jfr");
        FlightProfile profile = FlightProfile.start(file);
        // 1.5 s of this thread's CPU, not of the wall clock: on a busy machine a wall-clock spin
        // may get too few samples to outnumber the recorder's own work
        spinFor(1_500_000_000L);
        FlightProfile.Summary summary = profile.stop();

        assertThat(file).exists();
        assertThat(Files.size(file)).isPositive();
        assertThat(summary.javaSamples()).isPositive();
        assertThat(summary.topFrames()).isNotEmpty();
        assertThat(summary.topFrames().get(0).name()).contains("FlightProfileTest.spinFor");
        double total = summary.topFrames().stream().mapToDouble(FlightProfile.Share::share).sum();
        assertThat(total).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(FlightProfile.toJson(summary))
                .containsKeys("java_samples", "top_frames", "top_packages");
    }

    private static void spinFor(long cpuNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = threads.getCurrentThreadCpuTime() + cpuNanos;
        long x = 1;
        while (threads.getCurrentThreadCpuTime() < deadline) {
            // a few milliseconds between clock reads, so that the spin itself holds the samples
            for (int i = 0; i < 2_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }
}
