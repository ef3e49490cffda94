package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuTimelineTest {

    /** A timeline over given (wall millis, CPU nanos) readings, sampled once per reading. */
    private static CpuTimeline timeline(long[][] readings) {
        Iterator<long[]> it = List.of(readings).iterator();
        long[] current = new long[2];
        CpuTimeline timeline =
                new CpuTimeline(
                        () -> {
                            long[] next = it.next();
                            current[0] = next[0];
                            current[1] = next[1];
                            return current[0];
                        },
                        () -> current[1]);
        for (int i = 0; i < readings.length; i++) {
            timeline.sample();
        }
        return timeline;
    }

    @Test
    void readsTheCpuBetweenTwoInstantsBetweenTheSamplesAroundThem() {
        CpuTimeline cpu =
                timeline(
                        new long[][] {
                            {1_000, 0},
                            {1_100, 100_000_000},
                            {1_200, 300_000_000},
                            {1_300, 300_000_000}
                        });

        assertThat(cpu.secondsBetween(1_000, 1_300)).isCloseTo(0.3, within(1e-9));
        assertThat(cpu.secondsBetween(1_100, 1_200)).isCloseTo(0.2, within(1e-9));
        // half of the first interval's 0.1 s, all of the second's 0.2 s, a quarter of nothing
        assertThat(cpu.secondsBetween(1_050, 1_225)).isCloseTo(0.25, within(1e-9));
        assertThat(cpu.secondsBetween(1_250, 1_250)).isZero();
    }

    @Test
    void anEndOutsideTheSamplesOrUnknownCpuGivesNoFigure() {
        CpuTimeline cpu = timeline(new long[][] {{1_000, 0}, {2_000, 1_000_000_000}});

        assertThat(cpu.secondsBetween(999, 1_500)).isNaN();
        assertThat(cpu.secondsBetween(1_500, 2_001)).isNaN();
        assertThat(cpu.secondsBetween(1_800, 1_200)).isNaN();
        assertThat(timeline(new long[][] {{1_000, 0}}).secondsBetween(1_000, 1_000)).isNaN();
        assertThat(timeline(new long[][] {{1_000, -1}, {2_000, -1}}).secondsBetween(1_000, 2_000))
                .isNaN();
    }

    @Test
    void aWallClockSetBackKeepsTheSamplesInOrder() {
        CpuTimeline cpu =
                timeline(new long[][] {{1_000, 0}, {900, 50_000_000}, {1_100, 100_000_000}});

        // the reading of 900 counts as 1,000: at 1,000 the later of the two samples holds
        assertThat(cpu.secondsBetween(1_000, 1_100)).isCloseTo(0.05, within(1e-9));
        assertThat(cpu.secondsBetween(1_000, 1_050)).isCloseTo(0.025, within(1e-9));
    }

    @Test
    void theSamplerMeasuresThisProcesssCpu() throws InterruptedException {
        CpuTimeline cpu = CpuTimeline.start(Duration.ofMillis(5));
        long from = System.currentTimeMillis();
        long spin = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < spin) {
            // busy: this thread's CPU is what the timeline must see
        }
        long to = System.currentTimeMillis();
        Thread.sleep(20);
        cpu.close();

        // a thread spinning for 0.2 s uses CPU; how much exactly depends on the machine
        assertThat(cpu.secondsBetween(from, to)).isGreaterThan(0.0);
    }
}
