package dev.slidr.rules.givt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Recognizes declared robots by user agent with YAUAA: crawlers, scripted HTTP clients, headless
 * browsers, monitoring tools and attack tools.
 *
 * <p>A user agent is a robot when YAUAA's {@code DeviceClass} or {@code AgentClass} is one of the
 * configured robot classes (defaults in {@link GivtOptions}). YAUAA sees, among others, Googlebot,
 * bingbot, curl, python-requests and HeadlessChrome as robots, and marks empty or malformed user
 * agents as {@code Hacker}.
 *
 * <p>Building a YAUAA analyzer takes seconds and keeps about 105 MiB of heap, so analyzers are
 * built once per JVM (per cache size), lazily on first use, and shared by every task slot: {@link
 * #shared(int)}. The analyzer only computes the two fields needed here, and caches results by user
 * agent, which makes the common case (a few thousand distinct agents) a cache hit. It is safe for
 * concurrent use: YAUAA serializes full parses (cache misses) internally, cache hits do not block.
 */
public final class RobotUserAgents {

    static final String DEVICE_CLASS = UserAgent.DEVICE_CLASS;
    static final String AGENT_CLASS = UserAgent.AGENT_CLASS;

    private static final Map<Integer, UserAgentAnalyzer> SHARED = new ConcurrentHashMap<>();

    private final UserAgentAnalyzer analyzer;
    private final Set<String> robotDeviceClasses;
    private final Set<String> robotAgentClasses;
    // null when caching is off (cache size 0)
    private final Cache<String, Boolean> verdicts;

    RobotUserAgents(
            UserAgentAnalyzer analyzer,
            Set<String> robotDeviceClasses,
            Set<String> robotAgentClasses,
            int cacheSize) {
        this.analyzer = analyzer;
        this.robotDeviceClasses = Set.copyOf(robotDeviceClasses);
        this.robotAgentClasses = Set.copyOf(robotAgentClasses);
        // YAUAA's own cache saves the parse, but every call still builds a result object with
        // its field maps (the largest cost of a cache hit, and a few percent of a click's CPU):
        // the verdict itself is cached here, per detector, as the pseudonyms are
        this.verdicts =
                cacheSize > 0
                        ? Caffeine.newBuilder()
                                .maximumSize(cacheSize)
                                // evictions on the calling thread: no pool thread is involved
                                .executor(Runnable::run)
                                .build()
                        : null;
    }

    /** A detector over this JVM's shared analyzer for {@code cacheSize}, building it if needed. */
    public static RobotUserAgents create(
            int cacheSize, Set<String> robotDeviceClasses, Set<String> robotAgentClasses) {
        return new RobotUserAgents(
                shared(cacheSize), robotDeviceClasses, robotAgentClasses, cacheSize);
    }

    /** The JVM-wide analyzer with {@code cacheSize} cached results, built on first request. */
    public static UserAgentAnalyzer shared(int cacheSize) {
        return SHARED.computeIfAbsent(cacheSize, size -> builder(size).build());
    }

    /** How {@link #shared} builds its analyzer (for {@code RobotAnalyzerFootprint}). */
    static UserAgentAnalyzer.UserAgentAnalyzerBuilder builder(int cacheSize) {
        return UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withCache(cacheSize)
                .withField(DEVICE_CLASS)
                .withField(AGENT_CLASS)
                // YAUAA keeps its own test cases in memory unless told not to: about 25 MB of heap
                // in every JVM that screens clicks, which each full collection traces, and 0.3 to
                // 0.5 s of the build (docs/benchmarks.md, "The user-agent analyzer's test cases")
                .dropTests()
                .immediateInitialization();
    }

    /** Whether the user agent declares a robot. */
    public boolean isRobot(String userAgent) {
        if (verdicts == null || userAgent == null) {
            return classify(userAgent);
        }
        Boolean known = verdicts.getIfPresent(userAgent);
        if (known == null) {
            known = classify(userAgent);
            verdicts.put(userAgent, known);
        }
        return known;
    }

    private boolean classify(String userAgent) {
        UserAgent parsed = analyzer.parse(userAgent);
        return robotDeviceClasses.contains(parsed.getValue(DEVICE_CLASS))
                || robotAgentClasses.contains(parsed.getValue(AGENT_CLASS));
    }

    /** YAUAA's device and agent class of a user agent, for diagnostics. */
    public String describe(String userAgent) {
        UserAgent parsed = analyzer.parse(userAgent);
        return "DeviceClass="
                + parsed.getValue(DEVICE_CLASS)
                + ", AgentClass="
                + parsed.getValue(AGENT_CLASS);
    }
}
