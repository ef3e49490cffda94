package dev.slidr.rules.givt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Declared-robot detection on real user agents. */
class RobotUserAgentsTest {

    // the default cache size, so that the whole test JVM builds one analyzer
    private static final int CACHE = GivtOptions.USER_AGENT_CACHE_SIZE.defaultValue();

    private static RobotUserAgents robots;

    @BeforeAll
    static void buildOncePerJvm() {
        GivtConfig defaults = GivtConfig.builder().build();
        robots =
                RobotUserAgents.create(
                        CACHE, defaults.robotDeviceClasses(), defaults.robotAgentClasses());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                UserAgents.GOOGLEBOT,
                UserAgents.GOOGLEBOT_SMARTPHONE,
                UserAgents.BINGBOT,
                UserAgents.CURL,
                UserAgents.PYTHON_REQUESTS,
                UserAgents.HEADLESS_CHROME,
                UserAgents.WGET,
                UserAgents.GO_HTTP_CLIENT,
                UserAgents.AHREFSBOT,
                UserAgents.SQLMAP,
                UserAgents.FACEBOOK_LINK_PREVIEW,
                UserAgents.EMPTY
            })
    void flagsDeclaredRobots(String userAgent) {
        assertThat(robots.isRobot(userAgent)).as(robots.describe(userAgent)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                UserAgents.CHROME_WINDOWS,
                UserAgents.EDGE_WINDOWS,
                UserAgents.SAFARI_MAC,
                UserAgents.CHROME_ANDROID,
                UserAgents.SAFARI_IPHONE,
                UserAgents.FACEBOOK_APP_IOS,
                UserAgents.INSTAGRAM_ANDROID,
                UserAgents.ANDROID_APP_DALVIK,
                UserAgents.PINTEREST_ANDROID_APP,
                UserAgents.SAMSUNG_BROWSER,
                UserAgents.FIREFOX_WINDOWS,
                UserAgents.OUTLOOK_IOS
            })
    void letsBrowsersAndAppsThrough(String userAgent) {
        assertThat(robots.isRobot(userAgent)).as(robots.describe(userAgent)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {UserAgents.HEADLESS_CHROME, UserAgents.CURL})
    void onlyTheConfiguredClassesCount(String userAgent) {
        RobotUserAgents deviceOnly =
                RobotUserAgents.create(CACHE, Set.of("Robot"), Set.of("Browser Webview"));

        // HeadlessChrome is a Desktop device with a Robot agent class; curl is a Robot device
        assertThat(deviceOnly.isRobot(userAgent)).isEqualTo(userAgent.equals(UserAgents.CURL));
    }

    @org.junit.jupiter.api.Test
    void theSharedAnalyzerKeepsNoneOfYauaasOwnTestCases() {
        // they would stay on the heap of every JVM that screens clicks (about 25 MB)
        assertThat(RobotUserAgents.shared(CACHE).getPreheatTestCases()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void hostileUserAgentsNeitherThrowNorPassAsBrowsers() {
        String[] hostile = {
            "A".repeat(100_000),
            "Mozilla/5.0 (" + "(".repeat(5_000),
            "\u0000\u0001\u0002 curl",
            "\uD800\uDC00\uD800 broken surrogates",
            "' OR 1=1 --",
            "<script>alert(1)</script>"
        };
        for (String userAgent : hostile) {
            assertThat(robots.isRobot(userAgent))
                    .as(userAgent.substring(0, Math.min(30, userAgent.length())))
                    .isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void sharesOneAnalyzerPerCacheSize() {
        assertThat(RobotUserAgents.shared(CACHE)).isSameAs(RobotUserAgents.shared(CACHE));
    }

    @org.junit.jupiter.api.Test
    void cachedVerdictsAreTheAnalyzersOnEveryAskingAndPerDetector() {
        GivtConfig defaults = GivtConfig.builder().build();
        RobotUserAgents uncached =
                RobotUserAgents.create(
                        0, defaults.robotDeviceClasses(), defaults.robotAgentClasses());
        RobotUserAgents deviceOnly =
                RobotUserAgents.create(CACHE, Set.of("Robot"), Set.of("Browser Webview"));
        String[] agents = {
            UserAgents.HEADLESS_CHROME, UserAgents.CURL, UserAgents.OUTLOOK_IOS, "", null
        };
        for (int asking = 0; asking < 3; asking++) {
            for (String agent : agents) {
                assertThat(robots.isRobot(agent)).as(agent).isEqualTo(uncached.isRobot(agent));
            }
        }

        // the same agent, the same analyzer, another detector's classes: its own verdict
        assertThat(robots.isRobot(UserAgents.HEADLESS_CHROME)).isTrue();
        assertThat(deviceOnly.isRobot(UserAgents.HEADLESS_CHROME)).isFalse();
    }
}
