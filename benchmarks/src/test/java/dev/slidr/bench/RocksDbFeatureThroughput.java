package dev.slidr.bench;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.AdCountersSerializer;
import dev.slidr.feature.flink.AdFeatureFunction;
import dev.slidr.feature.flink.AdFeaturedClick;
import dev.slidr.feature.flink.CoreStateSerializer;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.feature.flink.IpCountersSerializer;
import dev.slidr.feature.flink.IpFeatureFunction;
import dev.slidr.feature.flink.UserCountersSerializer;
import dev.slidr.feature.flink.UserFeatureFunction;
import dev.slidr.feature.flink.UserFeaturedClick;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.SerializedCompositeKeyBuilder;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Feature updates per second through the Flink stages on embedded RocksDB, and the bytes per user
 * key and per IP key that RocksDB holds, over {@link SyntheticTraffic}.
 *
 * <p>Each stage runs in an operator test harness on a real RocksDB keyed backend: a click costs a
 * RocksDB get, the core update, and a put, plus the cleanup timer, as in the job but without
 * network or checkpoint barriers. The stream is replayed with event times shifted by {@link
 * SyntheticTraffic#SPAN_MILLIS} per pass so state is in steady state; watermarks follow event time
 * 30 s behind, so cleanup timers fire. The first pass is warm-up. Single thread, one subtask.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/bench.cp -Dmdep.includeScope=test
 * java -Xmx2g -cp benchmarks/target/test-classes:benchmarks/target/classes:$(cat /tmp/bench.cp) \
 *     dev.slidr.bench.RocksDbFeatureThroughput [passes] [bloom]
 * </pre>
 */
public final class RocksDbFeatureThroughput {

    private static final long WATERMARK_LAG = 30_000L;
    private static final int WATERMARK_EVERY = 1_000;

    private RocksDbFeatureThroughput() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean bloom = args.length > 1 && args[1].equals("bloom");
        SyntheticTraffic.Stream stream = SyntheticTraffic.generate(20260302L);
        Click[] clicks = stream.clicks();
        System.out.printf(
                Locale.ROOT,
                "Synthetic traffic: %d clicks per 26 h pass, %d user keys, %d IPs; %d passes"
                        + " after one warm-up pass%n",
                clicks.length,
                stream.users(),
                stream.ips(),
                passes);

        Path dir = Files.createTempDirectory("slidr-rocksdb-bench");
        UserFeatureFunction userFunction = new UserFeatureFunction(Duration.ofHours(25), 1000);
        AdFeatureFunction adFunction = new AdFeatureFunction(Duration.ofHours(25), 1000);
        IpFeatureFunction ipFunction =
                new IpFeatureFunction(Duration.ofHours(25), 1000, ZoneOffset.UTC);
        KeyedOneInputStreamOperatorTestHarness<String, IngestedClick, UserFeaturedClick> users =
                harness(userFunction, UserFeatureFunction::keyOf, dir.resolve("user"), bloom);
        KeyedOneInputStreamOperatorTestHarness<String, UserFeaturedClick, AdFeaturedClick> ads =
                harness(adFunction, AdFeatureFunction::keyOf, dir.resolve("ad"), bloom);
        KeyedOneInputStreamOperatorTestHarness<String, AdFeaturedClick, FeaturedClick> ips =
                harness(ipFunction, IpFeatureFunction::keyOf, dir.resolve("ip"), bloom);

        long userNanos = 0;
        long adNanos = 0;
        long ipNanos = 0;
        long processed = 0;
        long checksum = 0;
        UserFeaturedClick[] userFeatured = new UserFeaturedClick[clicks.length];
        AdFeaturedClick[] featured = new AdFeaturedClick[clicks.length];
        for (int pass = 0; pass <= passes; pass++) {
            long shift = pass * SyntheticTraffic.SPAN_MILLIS;
            IngestedClick[] shifted = new IngestedClick[clicks.length];
            for (int i = 0; i < clicks.length; i++) {
                shifted[i] = IngestedClick.unstamped(shifted(clicks[i], shift));
            }
            long maxTs = Long.MIN_VALUE;
            long start = System.nanoTime();
            for (int i = 0; i < shifted.length; i++) {
                users.processElement(shifted[i], shifted[i].click().ts());
                maxTs = Math.max(maxTs, shifted[i].click().ts());
                if (i % WATERMARK_EVERY == WATERMARK_EVERY - 1) {
                    users.processWatermark(maxTs - WATERMARK_LAG);
                }
            }
            long userDone = System.nanoTime();
            List<UserFeaturedClick> out = users.extractOutputValues();
            users.getOutput().clear();
            out.toArray(userFeatured);
            maxTs = Long.MIN_VALUE;
            long adStart = System.nanoTime();
            for (int i = 0; i < userFeatured.length; i++) {
                ads.processElement(userFeatured[i], userFeatured[i].click().ts());
                maxTs = Math.max(maxTs, userFeatured[i].click().ts());
                if (i % WATERMARK_EVERY == WATERMARK_EVERY - 1) {
                    ads.processWatermark(maxTs - WATERMARK_LAG);
                }
            }
            long adDone = System.nanoTime();
            List<AdFeaturedClick> adOut = ads.extractOutputValues();
            ads.getOutput().clear();
            adOut.toArray(featured);
            maxTs = Long.MIN_VALUE;
            long ipStart = System.nanoTime();
            for (int i = 0; i < featured.length; i++) {
                ips.processElement(featured[i], featured[i].click().ts());
                maxTs = Math.max(maxTs, featured[i].click().ts());
                if (i % WATERMARK_EVERY == WATERMARK_EVERY - 1) {
                    ips.processWatermark(maxTs - WATERMARK_LAG);
                }
            }
            long ipDone = System.nanoTime();
            for (FeaturedClick result : ips.extractOutputValues()) {
                checksum += Float.floatToIntBits(result.features()[0]);
            }
            ips.getOutput().clear();
            if (pass > 0) {
                userNanos += userDone - start;
                adNanos += adDone - adStart;
                ipNanos += ipDone - ipStart;
                processed += clicks.length;
            }
        }
        double userRate = processed / (userNanos / 1e9);
        double adRate = processed / (adNanos / 1e9);
        double ipRate = processed / (ipNanos / 1e9);
        long allNanos = userNanos + adNanos + ipNanos;
        System.out.printf(
                Locale.ROOT,
                "%n| stage | clicks | seconds | feature updates/s |%n| --- | ---: | ---: | ---: |%n"
                        + "| user (RocksDB) | %d | %.2f | %,.0f |%n"
                        + "| ad (RocksDB) | %d | %.2f | %,.0f |%n"
                        + "| IP (RocksDB) | %d | %.2f | %,.0f |%n"
                        + "| all three, per click | %d | %.2f | %,.0f |%n",
                processed,
                userNanos / 1e9,
                userRate,
                processed,
                adNanos / 1e9,
                adRate,
                processed,
                ipNanos / 1e9,
                ipRate,
                processed,
                allNanos / 1e9,
                processed / (allNanos / 1e9));

        System.out.println();
        System.out.println(
                "| state | keys in RocksDB | value B mean | p50 | p99 | max | key+value B mean"
                        + " | checkpointed SST B/key |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        sizes("user", users, userFunction.stateDescriptor(), new UserCountersSerializer());
        sizes("ad", ads, adFunction.stateDescriptor(), new AdCountersSerializer());
        sizes("IP", ips, ipFunction.stateDescriptor(), new IpCountersSerializer());
        users.close();
        ads.close();
        ips.close();
        System.out.println("(checksum " + checksum + ")");
    }

    private static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness(
            org.apache.flink.streaming.api.functions.KeyedProcessFunction<String, IN, OUT> function,
            KeySelector<IN, String> key,
            Path dir,
            boolean bloom)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), key, Types.STRING);
        EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend(true);
        if (bloom) {
            // point lookups dominate (one get per click): a bloom filter per SST file skips the
            // files that cannot hold the key
            Configuration options = new Configuration();
            options.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            backend = backend.configure(options, RocksDbFeatureThroughput.class.getClassLoader());
        }
        Files.createDirectories(dir);
        backend.setDbStoragePath(dir.toString());
        harness.setStateBackend(backend);
        harness.open();
        return harness;
    }

    private static <S> void sizes(
            String name,
            KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness,
            ValueStateDescriptor<S> descriptor,
            CoreStateSerializer<S> serializer)
            throws Exception {
        KeyedStateBackend<String> backend =
                ((AbstractStreamOperator<?>) harness.getOneInputOperator()).getKeyedStateBackend();
        List<String> keys = new ArrayList<>();
        try (var stream = backend.getKeys(descriptor.getName(), VoidNamespace.INSTANCE)) {
            stream.forEach(keys::add);
        }
        ValueState<S> state =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
        int[] valueBytes = new int[keys.size()];
        long entryBytes = 0;
        int live = 0;
        // the composite key exactly as the RocksDB backend builds it (1 key-group byte below 128
        // key groups)
        SerializedCompositeKeyBuilder<String> keyBuilder =
                new SerializedCompositeKeyBuilder<>(StringSerializer.INSTANCE, 1, 32);
        for (String key : keys) {
            backend.setCurrentKey(key);
            S value = state.value();
            if (value == null) {
                continue;
            }
            int bytes = serializer.toBytes(value).length;
            valueBytes[live++] = bytes;
            keyBuilder.setKeyAndKeyGroup(key, 0);
            int keyBytes =
                    keyBuilder.buildCompositeKeyNamespace(
                                    VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE)
                            .length;
            // value: the TTL wrapper's 8-byte last-write timestamp, then the framed core state
            entryBytes += keyBytes + 8 + bytes;
        }
        int[] sorted = Arrays.copyOf(valueBytes, live);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        OperatorSubtaskState incremental = harness.snapshot(100L, 100L);
        long incrementalBytes = incremental.getStateSize();
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.1f | %d | %d | %d | %.1f | %.1f |%n",
                name,
                live,
                mean,
                sorted[live / 2],
                sorted[(int) Math.min(live - 1, Math.floor(live * 0.99))],
                sorted[live - 1],
                entryBytes / (double) live,
                incrementalBytes / (double) live);
    }

    private static Click shifted(Click c, long shift) {
        return new Click(
                c.clickId(),
                c.ts() + shift,
                c.userId(),
                c.sessionId(),
                c.ip(),
                c.userAgent(),
                c.device(),
                c.loggedIn(),
                c.adId(),
                c.advertiserId(),
                c.placement());
    }
}
