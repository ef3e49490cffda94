package dev.slidr.bench;

import dev.slidr.contract.Click;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.FeatureVector;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.ItemHash;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Feature updates per second on one core: a click added to its user state, to its IP state, or both
 * plus the assembled vector, over {@link SyntheticTraffic} in arrival order.
 *
 * <p>The stream loops with its event times shifted by {@link SyntheticTraffic#SPAN_MILLIS} each
 * pass, so the states stay in steady state (buckets keep expiring). Each invocation processes
 * {@link #BATCH} clicks; scores are per click. Identifier hashing is included.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FeatureUpdateBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class FeatureUpdateBenchmark {

    static final int BATCH = 1_000;

    private SyntheticTraffic.Stream stream;
    private Click[] clicks;
    private int[] userIndex;
    private int[] ipIndex;
    private UserCounters[] users;
    private IpCounters[] ips;
    private TimeEncoding time;
    private float[] vector;
    private int cursor;
    private long shift;

    @Setup(Level.Trial)
    public void setUp() {
        stream = SyntheticTraffic.generate(20260302L);
        clicks = stream.clicks();
        userIndex = stream.userIndex();
        ipIndex = stream.ipIndex();
        users = new UserCounters[stream.users()];
        ips = new IpCounters[stream.ips()];
        for (int i = 0; i < users.length; i++) {
            users[i] = new UserCounters();
        }
        for (int i = 0; i < ips.length; i++) {
            ips[i] = new IpCounters();
        }
        time = TimeEncoding.in(ZoneId.of("America/New_York"));
        vector = new float[FeatureSchema.V1.size()];
        // one pass first, so that measurement starts from steady-state keys
        for (int i = 0; i < clicks.length; i++) {
            fullClick(next());
        }
    }

    private int next() {
        int i = cursor++;
        if (cursor == clicks.length) {
            cursor = 0;
            shift += SyntheticTraffic.SPAN_MILLIS;
        }
        return i;
    }

    private UserFeatures user(int i) {
        Click c = clicks[i];
        return users[userIndex[i]].add(
                c.ts() + shift, ItemHash.of(c.adId()), ItemHash.of(c.advertiserId()));
    }

    private IpFeatures ip(int i) {
        Click c = clicks[i];
        String userKey = c.userKey();
        int userHash = ItemHash.of(userKey);
        int sessionHash = userKey.equals(c.sessionId()) ? userHash : ItemHash.of(c.sessionId());
        return ips[ipIndex[i]].add(c.ts() + shift, userHash, sessionHash);
    }

    private float[] fullClick(int i) {
        UserFeatures u = user(i);
        IpFeatures p = ip(i);
        // the time encoding reads the click's unshifted time: same cost, fixed hours
        FeatureVector.write(u, p, clicks[i], time, vector, 0);
        return vector;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void userCounters(Blackhole bh) {
        for (int j = 0; j < BATCH; j++) {
            bh.consume(user(next()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipCounters(Blackhole bh) {
        for (int j = 0; j < BATCH; j++) {
            bh.consume(ip(next()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fullClick(Blackhole bh) {
        for (int j = 0; j < BATCH; j++) {
            bh.consume(fullClick(next()));
        }
    }
}
