package dev.slidr.job.bench;

import static dev.slidr.contract.testing.Clicks.T0;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.rules.givt.ClientIp;
import dev.slidr.rules.givt.GivtChecks;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.givt.UserAgents;
import dev.slidr.rules.privacy.Pseudonymizer;
import dev.slidr.rules.privacy.TestingKeys;
import inet.ipaddr.IPAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the stateless ingress stage per core: the work {@code IngressScreeningFunction}
 * does per click (parse IP, declared-robot check, data-centre check, pseudonymize), and its parts.
 *
 * <p>The click mix cycles through {@code distinctAgents} user agents: real browser, app and robot
 * agents, plus browser agents with varied build numbers, as real traffic has a long tail of
 * versions. With fewer distinct agents than the YAUAA cache holds, the steady state is all cache
 * hits; {@code uncached} measures YAUAA's full parse of never-seen agents.
 *
 * <pre>
 * mvn -B -q -pl flink-job -am test-compile
 * java -cp "flink-job/target/test-classes:flink-job/target/classes:$(cat cp.txt)" \
 *     org.openjdk.jmh.Main IngressScreeningBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
public class IngressScreeningBenchmark {

    private static final String[] BASE_AGENTS = {
        UserAgents.CHROME_WINDOWS,
        UserAgents.SAFARI_MAC,
        UserAgents.CHROME_ANDROID,
        UserAgents.SAFARI_IPHONE,
        UserAgents.FACEBOOK_APP_IOS,
        UserAgents.INSTAGRAM_ANDROID,
        UserAgents.EDGE_WINDOWS,
        UserAgents.GOOGLEBOT,
        UserAgents.CURL,
        UserAgents.HEADLESS_CHROME
    };

    @Param({"1000"})
    public int distinctAgents;

    private GivtChecks checks;
    private Pseudonymizer pseudonymizer;
    private Click[] clicks;
    private int next;
    private long uncachedCounter;

    @Setup
    public void setUp() {
        GivtConfig config = GivtConfig.builder().build(); // bundled sample data-centre list
        checks = GivtChecks.create(config);
        pseudonymizer = new Pseudonymizer(TestingKeys.keyA());
        Random random = new Random(42);
        clicks = new Click[8192];
        for (int i = 0; i < clicks.length; i++) {
            int agent = random.nextInt(distinctAgents);
            String ua = agent < BASE_AGENTS.length ? BASE_AGENTS[agent] : chrome(agent);
            String ip =
                    random.nextInt(10) == 0
                            ? "35.186." + random.nextInt(256) + "." + random.nextInt(256)
                            : random.nextInt(5) == 0
                                    ? "2a02:810" + random.nextInt(10) + "::" + random.nextInt(65536)
                                    : "81."
                                            + random.nextInt(256)
                                            + "."
                                            + random.nextInt(256)
                                            + "."
                                            + random.nextInt(256);
            clicks[i] =
                    Clicks.builder("user-" + random.nextInt(100_000), ip, T0.plusMillis(i))
                            .session("session-" + random.nextInt(1_000_000))
                            .userAgent(ua)
                            .device(Device.DESKTOP)
                            .build();
        }
        // fill the YAUAA cache, as the steady state of a running job would have
        for (Click click : clicks) {
            checks.check(click, ClientIp.parse(click.ip()));
        }
    }

    private static String chrome(int build) {
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/126.0."
                + build
                + ".0 Safari/537.36";
    }

    private Click nextClick() {
        Click click = clicks[next];
        next = (next + 1) & (clicks.length - 1);
        return click;
    }

    /** The whole stateless stage, as the Flink function runs it per click. */
    @Benchmark
    public GivtVerdict screenAndPseudonymize() {
        Click click = nextClick();
        IPAddress ip = ClientIp.parse(click.ip());
        GivtReason reason = checks.check(click, ip);
        return new GivtVerdict(pseudonymizer.pseudonymize(click, ip), reason);
    }

    /** The two GIVT checks with IP parsing, without pseudonymization. */
    @Benchmark
    public GivtReason checksOnly() {
        Click click = nextClick();
        return checks.check(click, ClientIp.parse(click.ip()));
    }

    /** Pseudonymization alone (three HMAC-SHA256 and the IP canonicalization). */
    @Benchmark
    public Click pseudonymizeOnly() {
        return pseudonymizer.pseudonymize(nextClick());
    }

    /** The declared-robot check on user agents YAUAA has never seen (cache misses). */
    @Benchmark
    public GivtReason uncached() {
        Click click = nextClick();
        Click fresh =
                Clicks.builder("u", click.ip(), T0)
                        .userAgent(chrome(1_000_000 + (int) (uncachedCounter++ % 1_000_000_000)))
                        .build();
        return checks.check(fresh, null);
    }
}
