package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parts of a bench, by the names {@code --parts} takes. */
class BenchRequestPartsTest {

    private static Set<BenchRun.Part> parts(List<String> names) {
        return new BenchRequest()
                .parts(names)
                .settings(
                        "bin/slidr bench",
                        Path.of("registry"),
                        7,
                        28,
                        TrainingConfig::defaults,
                        null,
                        null,
                        null)
                .parts();
    }

    @Test
    void takesTheFloorsLatencyWithAHyphenAndInAnyCase() {
        assertThat(parts(List.of("floor", " Floor-Latency ")))
                .containsExactly(BenchRun.Part.FLOOR, BenchRun.Part.FLOOR_LATENCY);
        assertThat(parts(List.of("floor_latency"))).containsExactly(BenchRun.Part.FLOOR_LATENCY);
    }

    @Test
    void runsTheDefaultPartsWhenNoneAreNamed() {
        assertThat(parts(null))
                .containsExactlyInAnyOrderElementsOf(BenchRun.DEFAULT_PARTS)
                .doesNotContain(BenchRun.Part.FLOOR, BenchRun.Part.FLOOR_LATENCY);
    }

    @Test
    void namesEveryPartWhenOneIsUnknown() {
        assertThatThrownBy(() -> parts(List.of("latency", "floorlatency")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--parts: unknown part 'floorlatency'")
                .hasMessageEndingWith(
                        "(throughput, peer, floor, latency, floor-latency, scorer, control,"
                                + " hostile)");
    }
}
