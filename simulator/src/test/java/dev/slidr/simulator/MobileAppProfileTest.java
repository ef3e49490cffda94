package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.simulator.testing.TestingTrafficSink;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One day of the mobile-app profile (seed 7) has the shape of the real app-install log it stands
 * for: app clicks, no logins, install attributions on about 0.2 % of clicks, a handful of carrier
 * NAT addresses with hundreds of humans each, and botnet hosts on a new IP every click.
 */
class MobileAppProfileTest {

    private static final long SEED = 7;

    private static TrafficSimulator simulator;
    private static TestingTrafficSink day;
    private static SimulationSummary summary;

    @BeforeAll
    static void simulateOneDay() throws IOException {
        simulator = simulator();
        day = new TestingTrafficSink();
        summary = simulator.run(day, ProgressListener.NONE);
    }

    private static TrafficSimulator simulator() {
        return new TrafficSimulator(
                SimulatorProfiles.load(SimulatorProfiles.MOBILE_APP),
                SEED,
                TrafficSimulator.DEFAULT_START,
                1);
    }

    @Test
    void attributesInstallsToAboutTwoPerThousandClicksAllHuman() {
        double share = (double) day.conversions.size() / day.clicks.size();
        assertThat(share).isBetween(0.0015, 0.0025);
        Map<String, TrafficKind> kindById = new HashMap<>();
        for (int i = 0; i < day.clicks.size(); i++) {
            kindById.put(day.clicks.get(i).clickId(), day.kinds.get(i));
        }
        day.conversions.forEach(
                c -> assertThat(kindById.get(c.clickId()).isRobot()).as(c.clickId()).isFalse());
    }

    @Test
    void nobodyClicksLoggedInAndThereIsNoRfmTable() {
        assertThat(day.clicks).allSatisfy(c -> assertThat(c.loggedIn()).isFalse());
        assertThat(day.clicks).allSatisfy(c -> assertThat(c.userId()).isNull());
        assertThat(simulator.rfmRows()).isEmpty();
        assertThat(summary.customers()).isZero();
    }

    @Test
    void nearlyEveryClickComesFromTheApp() {
        long app = day.clicks.stream().filter(c -> c.device() == Device.APP).count();
        assertThat((double) app / day.clicks.size()).isGreaterThan(0.9);
        // humans click through the in-app browser, not the app's HTTP client that user-agent
        // parsers call a robot (robots may still declare a script agent)
        for (int i = 0; i < day.clicks.size(); i++) {
            Click click = day.clicks.get(i);
            if (!day.kinds.get(i).isRobot() && click.device() == Device.APP) {
                assertThat(click.userAgent()).startsWith("Mozilla/5.0 (").doesNotContain("okhttp");
            }
        }
    }

    @Test
    void aHandfulOfCarrierAddressesEachCarryHundredsOfHumans() {
        Ids ids = new Ids(SEED);
        Set<String> clickIds = new HashSet<>();
        day.clicks.forEach(c -> clickIds.add(c.clickId()));
        Map<String, Set<Integer>> humansByIp = new HashMap<>();
        for (Actor actor : simulator.actors()) {
            // an actor that clicked at all made its click number 0
            if (actor.kind == TrafficKind.HUMAN_GATEWAY
                    && clickIds.contains(ids.clickId(actor.id, 0))) {
                humansByIp.computeIfAbsent(actor.ips[0], ip -> new HashSet<>()).add(actor.id);
            }
        }
        assertThat(humansByIp).hasSize(6);
        humansByIp.forEach(
                (ip, humans) -> assertThat(humans.size()).as(ip).isGreaterThanOrEqualTo(100));
        for (int i = 0; i < day.clicks.size(); i++) {
            if (day.kinds.get(i) == TrafficKind.HUMAN_GATEWAY) {
                assertThat(day.clicks.get(i).device()).isEqualTo(Device.APP);
            }
        }
    }

    @Test
    void rotatingBotsNeverUseAnIpTwice() {
        Map<String, Integer> clicksByIp = new HashMap<>();
        day.clicks.forEach(c -> clicksByIp.merge(c.ip(), 1, Integer::sum));
        long botnetClicks = 0;
        for (int i = 0; i < day.clicks.size(); i++) {
            if (day.kinds.get(i) == TrafficKind.BOTNET_ROTATING) {
                botnetClicks++;
                Click click = day.clicks.get(i);
                assertThat(clicksByIp.get(click.ip())).as(click.ip()).isEqualTo(1);
            }
        }
        assertThat(botnetClicks).isGreaterThan(10_000);
    }

    @Test
    void clickFarmsAreAnonymousBehindFewAddresses() {
        Set<String> farmIps = new HashSet<>();
        long farmClicks = 0;
        for (int i = 0; i < day.clicks.size(); i++) {
            if (day.kinds.get(i) == TrafficKind.CLICK_FARM) {
                farmClicks++;
                farmIps.add(day.clicks.get(i).ip());
            }
        }
        assertThat(farmClicks).isGreaterThan(1_000);
        assertThat(farmIps).hasSizeLessThanOrEqualTo(6);
    }

    @Test
    void theTruthNamesTheRobots() {
        assertThat(summary.robotClicks()).isBetween(day.clicks.size() / 5L, day.clicks.size() / 2L);
        assertThat(summary.clicksOf(TrafficKind.STOLEN_ACCOUNT)).isZero();
    }

    @Test
    void theSameSeedGivesTheSameTraffic() throws IOException {
        TestingTrafficSink again = new TestingTrafficSink();
        simulator().run(again, ProgressListener.NONE);
        assertThat(again.clicks).isEqualTo(day.clicks);
        assertThat(again.kinds).isEqualTo(day.kinds);
        assertThat(again.conversions).isEqualTo(day.conversions);
    }

    @Test
    void clicksPerDayFitTheDocumentedSize() {
        assertThat(day.clicks.size()).isBetween(50_000, 150_000);
        assertThat(List.of(summary.clicks())).containsExactly((long) day.clicks.size());
    }
}
