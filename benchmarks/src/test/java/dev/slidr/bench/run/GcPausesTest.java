package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Which collector beans count as pauses, and how a phase's pauses reach the report. */
class GcPausesTest {

    /** A collector bean with fixed figures. */
    private record TestingCollector(String name, long count, long millis)
            implements GarbageCollectorMXBean {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getCollectionCount() {
            return count;
        }

        @Override
        public long getCollectionTime() {
            return millis;
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public String[] getMemoryPoolNames() {
            return new String[0];
        }

        @Override
        public ObjectName getObjectName() {
            return null;
        }
    }

    @Test
    void countsThePauseBeansOfEachCollectorAndNotTheirConcurrentCycles() {
        assertThat(
                        GcPauses.of(
                                List.of(
                                        new TestingCollector("G1 Young Generation", 10, 250),
                                        new TestingCollector("G1 Old Generation", 1, 40),
                                        new TestingCollector("G1 Concurrent GC", 3, 900))))
                .isEqualTo(new GcPauses(11, 290));
        assertThat(
                        GcPauses.of(
                                List.of(
                                        new TestingCollector("ZGC Cycles", 12, 5_000),
                                        new TestingCollector("ZGC Pauses", 36, 2))))
                .isEqualTo(new GcPauses(36, 2));
        assertThat(
                        GcPauses.of(
                                List.of(
                                        new TestingCollector("Shenandoah Cycles", 5, 3_000),
                                        new TestingCollector("Shenandoah Pauses", 20, 4))))
                .isEqualTo(new GcPauses(20, 4));
    }

    @Test
    void aBeanThatCannotTellCountsNothing() {
        assertThat(GcPauses.of(List.of(new TestingCollector("Copy", -1, -1))))
                .isEqualTo(new GcPauses(0, 0));
    }

    @Test
    void aPhaseHasThePausesSinceThePhaseBefore() {
        assertThat(new GcPauses(15, 400).since(new GcPauses(11, 290)))
                .isEqualTo(new GcPauses(4, 110));
        assertThat(GcPauses.now().count()).isNotNegative();
        assertThat(GcPauses.collector()).isNotBlank();
    }

    @Test
    void theLatencyTableGivesEachPhasesPauses() {
        Map<String, Object> ms = Map.of("p50", 3.1, "p99", 18.0, "p999", 47.0, "max", 60.0);
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("rate", 5000);
        phase.put("achieved_rate", 4990L);
        phase.put("clicks", 100_000L);
        phase.put("processing_ms", ms);
        phase.put("produced_to_decided_ms", ms);
        phase.put("gc_pauses", Map.of("count", 12L, "total_ms", 310L));
        Map<String, Object> older = new LinkedHashMap<>(phase);
        older.remove("gc_pauses");
        StringBuilder md = new StringBuilder();

        BenchReport.latency(md, List.of(phase, older));

        assertThat(md.toString())
                .contains("| GC pauses |")
                .contains("| 5,000 | 4,990 | 100,000 | 3.1 ms | 18.0 ms | 47.0 ms | 60.0 ms |")
                .contains("| 12, 310 ms |\n")
                .contains("| - |\n");
    }
}
