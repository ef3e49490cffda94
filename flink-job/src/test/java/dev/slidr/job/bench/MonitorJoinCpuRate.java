package dev.slidr.job.bench;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.job.monitor.ConversionJoin;
import dev.slidr.job.monitor.LabelCount;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * Decisions per CPU-second of one thread through the live monitor's conversion join on RocksDB,
 * with what reaches it over the shuffle: each decision serialized and read back in {@link
 * DecisionSerializer} (the network edge), then joined and counted (with its timer and label, before
 * the join counted as things came). Whole decisions (thirty features, three reasons, every version)
 * against what {@link ConversionJoin#forMonitor} keeps, alternating round by round in one JVM, so
 * that the ratio holds on a shared machine where wall-clock figures move with the neighbours' load.
 *
 * <pre>
 * java -cp ... dev.slidr.job.bench.MonitorJoinCpuRate [rounds] [decisionsPerRound] [rocksdb|heap]
 * </pre>
 *
 * <p>The last argument is where the join's timers live: in RocksDB, as deployed, or on the heap.
 */
public final class MonitorJoinCpuRate {

    private static final long T0 = 1_780_000_000_000L;
    private static final Duration ATTRIBUTION = Duration.ofMinutes(2);
    private static final Duration LAG = Duration.ofMinutes(10);

    private static boolean heapTimers;
    private static boolean bloomFilter;

    // results are published here so that the JIT cannot drop the measured work
    private static volatile Object sink;

    private MonitorJoinCpuRate() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        heapTimers = args.length > 2 && args[2].equals("heap");
        bloomFilter = args.length > 2 && args[2].equals("bloom");
        List<Decision> decisions = decisions(perRound);
        // warm-up: one round of each
        run(decisions, UnaryOperator.identity());
        run(decisions, ConversionJoin::forMonitor);
        double[] whole = new double[rounds];
        double[] kept = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            whole[r] = run(decisions, UnaryOperator.identity());
            kept[r] = run(decisions, ConversionJoin::forMonitor);
        }
        print("whole decisions", whole, rounds, perRound);
        print("forMonitor", kept, rounds, perRound);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = kept[r] / whole[r];
        }
        Arrays.sort(ratios);
        System.out.printf(
                Locale.ROOT,
                "ratio forMonitor / whole, round by round: median %.2f (min %.2f, max %.2f)%n",
                ratios[rounds / 2],
                ratios[0],
                ratios[rounds - 1]);
    }

    /** A decision a second apart per click, a conversion for one click in thirty. */
    private static List<Decision> decisions(int n) {
        SplittableRandom random = new SplittableRandom(7);
        List<Decision> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] features = new float[30];
            for (int f = 0; f < features.length; f++) {
                features[f] = f % 3 == 0 ? (float) random.nextDouble() : random.nextInt(50);
            }
            boolean invalid = random.nextInt(4) == 0;
            out.add(
                    new Decision(
                            String.format(Locale.ROOT, "%032x", random.nextLong() & Long.MAX_VALUE),
                            T0 + i * 10L,
                            T0 + i * 10L + 3,
                            invalid,
                            invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                            invalid
                                    ? List.of("user_clicks_1m", "ip_users_1h", "ad_ctr_1h")
                                    : List.of(),
                            random.nextDouble(),
                            0.8,
                            "mobile/anonymous",
                            "m20260601-4d6ea14a",
                            "c20260601-4d6ea14a",
                            "v3",
                            features,
                            0,
                            null));
        }
        return out;
    }

    /** Decisions per CPU-second of this thread for one fresh join over {@code decisions}. */
    private static double run(List<Decision> decisions, UnaryOperator<Decision> kept)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        TypeSerializer<Decision> serializer = new DecisionSerializer();
        DataOutputSerializer out = new DataOutputSerializer(1024);
        DataInputDeserializer in = new DataInputDeserializer();
        try (KeyedTwoInputStreamOperatorTestHarness<String, Decision, Conversion, LabelCount>
                harness =
                        new KeyedTwoInputStreamOperatorTestHarness<>(
                                new KeyedCoProcessOperator<>(new ConversionJoin(ATTRIBUTION, LAG)),
                                Decision::clickId,
                                Conversion::clickId,
                                Types.STRING)) {
            EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
            if (bloomFilter) {
                Configuration options = new Configuration();
                options.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
                rocksDb = rocksDb.configure(options, MonitorJoinCpuRate.class.getClassLoader());
            }
            if (heapTimers) {
                rocksDb.setPriorityQueueStateType(
                        EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
            }
            harness.setStateBackend(rocksDb);
            harness.open();
            long cpu = threads.getCurrentThreadCpuTime();
            int i = 0;
            for (Decision whole : decisions) {
                out.clear();
                serializer.serialize(kept.apply(whole), out);
                in.setBuffer(out.getSharedBuffer(), 0, out.length());
                Decision arrived = serializer.deserialize(in);
                harness.processElement1(arrived, arrived.eventTs());
                if (++i % 30 == 0) {
                    harness.processElement2(
                            new Conversion(
                                    whole.clickId(),
                                    whole.eventTs() + 1_000,
                                    Conversion.Kind.PURCHASE),
                            whole.eventTs() + 1_000);
                }
                if (i % 1_000 == 0) {
                    harness.processBothWatermarks(new Watermark(whole.eventTs()));
                    sink = harness.getOutput().size();
                    harness.getOutput().clear();
                }
            }
            harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            long spent = threads.getCurrentThreadCpuTime() - cpu;
            sink = harness.getOutput().size();
            return decisions.size() / (spent / 1e9);
        }
    }

    private static void print(String name, double[] rates, int rounds, int perRound) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-16s median %,9.0f decisions per CPU-second (min %,.0f, max %,.0f; %d rounds of"
                        + " %,d)%n",
                name,
                sorted[rounds / 2],
                sorted[0],
                sorted[rounds - 1],
                rounds,
                perRound);
    }
}
