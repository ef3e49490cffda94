package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The join's counts, summed per slice, model version and window of their label time, against a
 * naive count of the same traffic: every click in the window of its event time plus the attribution
 * window, converting when any conversion of it falls within that window. Decisions reach the join
 * up to half a minute after their clicks, conversions at their own time (some before their click's
 * decision, some after its window, some twice), and the watermark trails the traffic by a minute,
 * so every path of the join is taken and none is late.
 */
class ConversionJoinParityTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final Duration ATTRIBUTION = Duration.ofMinutes(30);
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final List<String> SLICES = List.of("desktop/anonymous", "app/logged_in");
    private static final List<String> MODELS = List.of("m1", "m2");

    private record Arrival(long at, Decision decision, Conversion conversion) {}

    @Test
    void theJoinsCountsPerWindowAreTheNaiveCountsOfTheSameTraffic() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Decision> decisions = new ArrayList<>();
            List<Arrival> arrivals = new ArrayList<>();
            List<Conversion> conversions = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                long eventTs = T0 + random.nextLong(3 * 3_600_000L);
                boolean invalid = random.nextInt(10) < 3;
                Decision d =
                        new Decision(
                                "c-" + i,
                                eventTs,
                                eventTs + 1,
                                invalid,
                                invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                                List.of(),
                                Double.NaN,
                                Double.NaN,
                                SLICES.get(random.nextInt(SLICES.size())),
                                MODELS.get(random.nextInt(MODELS.size())),
                                null,
                                null,
                                new float[0],
                                0,
                                null);
                decisions.add(d);
                arrivals.add(new Arrival(eventTs + random.nextLong(30_000), d, null));
                int converting = random.nextInt(10) < 2 ? 1 + random.nextInt(2) : 0;
                for (int k = 0; k < converting; k++) {
                    // within the window mostly; a few after it, a few before the decision arrives
                    long ts = eventTs + random.nextLong(ATTRIBUTION.toMillis() * 3 / 2);
                    Conversion c = new Conversion(d.clickId(), ts, Conversion.Kind.PURCHASE);
                    conversions.add(c);
                    arrivals.add(new Arrival(ts, null, c));
                }
            }
            arrivals.sort(Comparator.comparingLong(Arrival::at));

            List<LabelCount> counts = new ArrayList<>();
            try (var harness =
                    new KeyedTwoInputStreamOperatorTestHarness<>(
                            new KeyedCoProcessOperator<>(
                                    new ConversionJoin(ATTRIBUTION, Duration.ofMinutes(10))),
                            Decision::clickId,
                            Conversion::clickId,
                            Types.STRING)) {
                harness.open();
                long watermark = Long.MIN_VALUE;
                for (Arrival a : arrivals) {
                    if (a.decision() != null) {
                        harness.processElement1(a.decision(), a.decision().eventTs());
                    } else {
                        harness.processElement2(a.conversion(), a.conversion().ts());
                    }
                    if (a.at() - 60_000 > watermark) {
                        watermark = a.at() - 60_000;
                        harness.processBothWatermarks(new Watermark(watermark));
                    }
                    for (LabelCount c : harness.extractOutputValues()) {
                        assertThat(c.labelTs()).as("not late").isGreaterThan(watermark);
                    }
                    counts.addAll(harness.extractOutputValues());
                    harness.getOutput().clear();
                }
                harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
                counts.addAll(harness.extractOutputValues());
            }

            assertThat(windowed(counts)).isEqualTo(naive(decisions, conversions));
        }
    }

    @Test
    void aCountFallsInTheWindowOfItsLabelTimeNotOfItsRecordsTime() {
        LabelTimeWindows windows = new LabelTimeWindows(WINDOW);
        LabelCount count = new LabelCount("s", "m1", T0 + 7 * 60_000, 1, 0, 0, 0);
        // epoch-aligned, as Flink's tumbling windows are
        long start = (T0 + 7 * 60_000) / WINDOW.toMillis() * WINDOW.toMillis();

        WindowAssigner.WindowAssignerContext context =
                new WindowAssigner.WindowAssignerContext() {
                    @Override
                    public long getCurrentProcessingTime() {
                        return T0;
                    }
                };
        assertThat(windows.assignWindows(count, T0 - 3_600_000, context))
                .containsExactly(new TimeWindow(start, start + WINDOW.toMillis()));
        assertThat(windows.isEventTime()).isTrue();
    }

    /** Sums per slice, model and window: clicks, invalid, converting, converting invalid. */
    private static Map<String, List<Long>> windowed(List<LabelCount> counts) {
        Map<String, long[]> sums = new TreeMap<>();
        for (LabelCount c : counts) {
            long[] s =
                    sums.computeIfAbsent(
                            key(c.slice(), c.modelVersion(), c.labelTs()), k -> new long[4]);
            s[0] += c.clicks();
            s[1] += c.invalid();
            s[2] += c.converting();
            s[3] += c.convertingInvalid();
        }
        return asLists(sums);
    }

    private static Map<String, List<Long>> naive(
            List<Decision> decisions, List<Conversion> conversions) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Decision d : decisions) {
            long labelTs = d.eventTs() + ATTRIBUTION.toMillis();
            boolean converted =
                    conversions.stream()
                            .anyMatch(
                                    c ->
                                            c.clickId().equals(d.clickId())
                                                    && c.ts() >= d.eventTs()
                                                    && c.ts() <= labelTs);
            long[] s =
                    sums.computeIfAbsent(
                            key(d.slice(), d.modelVersion(), labelTs), k -> new long[4]);
            s[0]++;
            s[1] += d.invalid() ? 1 : 0;
            s[2] += converted ? 1 : 0;
            s[3] += converted && d.invalid() ? 1 : 0;
        }
        return asLists(sums);
    }

    private static String key(String slice, String model, long labelTs) {
        long start = TimeWindow.getWindowStartWithOffset(labelTs, 0, WINDOW.toMillis());
        return slice + "|" + model + "|" + start;
    }

    private static Map<String, List<Long>> asLists(Map<String, long[]> sums) {
        Map<String, List<Long>> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, List.of(s[0], s[1], s[2], s[3])));
        return out;
    }
}
