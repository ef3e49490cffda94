package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.Device;
import dev.slidr.contract.RfmRow;
import dev.slidr.simulator.testing.TestingTrafficSink;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One simulated day with the default config and seed 11, checked against what it models. */
class TrafficSimulatorTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    private static TestingTrafficSink day;
    private static SimulationSummary summary;
    private static Map<String, RfmRow> rfm;

    @BeforeAll
    static void simulateOneDay() throws IOException {
        TrafficSimulator simulator =
                new TrafficSimulator(
                        SimulatorConfig.defaults(), 11, TrafficSimulator.DEFAULT_START, 1);
        day = new TestingTrafficSink();
        summary = simulator.run(day, ProgressListener.NONE);
        rfm = new HashMap<>();
        for (RfmRow row : simulator.rfmRows()) {
            rfm.put(row.customerId(), row);
        }
    }

    @Test
    void producesAboutThreeHundredThousandClicksADay() {
        assertThat(summary.clicks()).isEqualTo(day.clicks.size()).isBetween(250_000L, 400_000L);
    }

    @Test
    void everyHumanAndRobotKindAppearsInOneDay() {
        assertThat(new HashSet<>(day.kinds)).containsExactlyInAnyOrder(TrafficKind.values());
        for (TrafficKind kind : TrafficKind.values()) {
            assertThat(summary.clicksOf(kind)).as(kind.wireName()).isGreaterThan(1_000);
        }
    }

    @Test
    void emitsClicksAndConversionsInEventTimeOrder() {
        List<Long> times = day.emissionTimes;
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).as("record %d", i).isGreaterThanOrEqualTo(times.get(i - 1));
        }
    }

    @Test
    void clickIdsAreUniqueAndConversionsReferToEarlierClicks() {
        Map<String, Long> clickTs = new HashMap<>();
        for (Click c : day.clicks) {
            assertThat(clickTs.put(c.clickId(), c.ts())).as(c.clickId()).isNull();
        }
        for (Conversion conversion : day.conversions) {
            assertThat(clickTs).containsKey(conversion.clickId());
            assertThat(conversion.ts()).isGreaterThan(clickTs.get(conversion.clickId()));
        }
    }

    @Test
    void humanClicksFollowTheDiurnalCurve() {
        double[] humans = clicksPerLocalHour(k -> !k.isRobot());
        double[] curve =
                SimulatorOptions.HUMAN_HOURLY_WEIGHTS.defaultValue().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
        assertThat(correlation(humans, curve)).isGreaterThan(0.95);
        // the quietest night hour sees far fewer people than the evening peak
        assertThat(max(humans) / min(humans)).isGreaterThan(8);
    }

    @Test
    void botnetHasNoDailyRhythm() {
        double[] botnet = clicksPerLocalHour(k -> k == TrafficKind.BOTNET);
        assertThat(max(botnet) / min(botnet)).isLessThan(1.4);
    }

    @Test
    void humansFollowTheConfiguredWeeklyRhythm() throws IOException {
        SimulatorConfig quietWeekends =
                SimulatorConfig.builder()
                        .set(SimulatorOptions.HUMAN_USERS, 3_000)
                        .set(
                                SimulatorOptions.HUMAN_WEEKDAY_WEIGHTS,
                                List.of(1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.3))
                        .build();
        TestingTrafficSink week = new TestingTrafficSink();
        // DEFAULT_START is a Monday
        new TrafficSimulator(quietWeekends, 2, TrafficSimulator.DEFAULT_START, 7)
                .run(week, ProgressListener.NONE);
        double[] perDay = new double[7];
        double[] botnetPerDay = new double[7];
        for (int i = 0; i < week.clicks.size(); i++) {
            int dow =
                    Instant.ofEpochMilli(week.clicks.get(i).ts())
                                    .atZone(ZONE)
                                    .getDayOfWeek()
                                    .getValue()
                            - 1;
            TrafficKind kind = week.kinds.get(i);
            if (!kind.isRobot()) {
                perDay[dow]++;
            } else if (kind == TrafficKind.BOTNET) {
                botnetPerDay[dow]++;
            }
        }
        double weekday = (perDay[0] + perDay[1] + perDay[2] + perDay[3] + perDay[4]) / 5;
        double weekend = (perDay[5] + perDay[6]) / 2;
        assertThat(weekend / weekday).isBetween(0.2, 0.45);
        assertThat(max(botnetPerDay) / min(botnetPerDay)).isLessThan(1.2);
    }

    @Test
    void lowAndSlowBotsCopyTheHumanRhythm() {
        double[] humans = clicksPerLocalHour(k -> !k.isRobot());
        double[] lowAndSlow = clicksPerLocalHour(k -> k == TrafficKind.LOW_AND_SLOW);
        assertThat(correlation(humans, lowAndSlow)).isGreaterThan(0.9);
    }

    @Test
    void clickFarmsWorkTheirShiftOnly() {
        // the farm shift is 08:00-20:00 in Manila = 20:00-08:00 in New York (summer time)
        double[] farm = clicksPerLocalHour(k -> k == TrafficKind.CLICK_FARM);
        // (a session begun just before 08:00 may run a few minutes past it)
        for (int hour = 9; hour < 20; hour++) {
            assertThat(farm[hour]).as("hour %d", hour).isZero();
        }
        assertThat(farm[23]).isPositive();
    }

    @Test
    void humansPurchaseAtRealisticRatesAndHighRfmCustomersMore() {
        Set<String> purchased =
                day.conversions.stream().map(Conversion::clickId).collect(Collectors.toSet());
        long humanClicks = 0;
        long humanPurchases = 0;
        long[] highRfm = new long[2];
        long[] lowRfm = new long[2];
        Map<TrafficKind, Long> robotPurchases = new EnumMap<>(TrafficKind.class);
        for (int i = 0; i < day.clicks.size(); i++) {
            Click click = day.clicks.get(i);
            TrafficKind kind = day.kinds.get(i);
            boolean bought = purchased.contains(click.clickId());
            if (kind.isRobot()) {
                robotPurchases.merge(kind, bought ? 1L : 0L, Long::sum);
                continue;
            }
            humanClicks++;
            humanPurchases += bought ? 1 : 0;
            if (click.loggedIn()) {
                double score = rfm.get(click.userId()).score();
                long[] bucket = score >= 4 ? highRfm : score <= 2.5 ? lowRfm : null;
                if (bucket != null) {
                    bucket[0]++;
                    bucket[1] += bought ? 1 : 0;
                }
            }
        }
        double humanRate = (double) humanPurchases / humanClicks;
        assertThat(humanRate).isBetween(0.005, 0.05);
        double highRate = (double) highRfm[1] / highRfm[0];
        double lowRate = (double) lowRfm[1] / lowRfm[0];
        assertThat(highRate).isGreaterThan(2 * lowRate);
        assertThat(robotPurchases.get(TrafficKind.CLICK_FARM)).isZero();
        assertThat(robotPurchases.get(TrafficKind.CRAWLER)).isZero();
        assertThat(robotPurchases.get(TrafficKind.BOTNET)).isZero();
    }

    @Test
    void gatewaysCarryHundredsOfUsersPerIp() {
        Map<String, Set<String>> usersPerIp = new HashMap<>();
        for (int i = 0; i < day.clicks.size(); i++) {
            if (day.kinds.get(i) == TrafficKind.HUMAN_GATEWAY) {
                Click c = day.clicks.get(i);
                usersPerIp.computeIfAbsent(c.ip(), ip -> new HashSet<>()).add(c.userKey());
            }
        }
        assertThat(usersPerIp).hasSize(SimulatorOptions.GATEWAY_COUNT.defaultValue());
        int[] sizes = usersPerIp.values().stream().mapToInt(Set::size).sorted().toArray();
        assertThat(sizes[0]).isGreaterThanOrEqualTo(100);
        assertThat(sizes[sizes.length / 2]).isGreaterThanOrEqualTo(200);
    }

    @Test
    void clickFarmsPutManyAccountsBehindFewIps() {
        Set<String> ips = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        for (int i = 0; i < day.clicks.size(); i++) {
            if (day.kinds.get(i) == TrafficKind.CLICK_FARM) {
                Click c = day.clicks.get(i);
                assertThat(c.loggedIn()).isTrue();
                ips.add(c.ip());
                accounts.add(c.userId());
            }
        }
        assertThat(ips).hasSize(6);
        assertThat(accounts.size()).isGreaterThan(200);
    }

    @Test
    void crawlerClicksFastFromOneIpEach() {
        Map<String, Long> perIp =
                filter(k -> k == TrafficKind.CRAWLER).stream()
                        .collect(Collectors.groupingBy(Click::ip, Collectors.counting()));
        assertThat(perIp).hasSize(2);
        // 12 clicks a minute, all day
        assertThat(perIp.values()).allSatisfy(n -> assertThat(n).isBetween(15_000L, 20_000L));
    }

    @Test
    void stolenAccountsIncludeHighRfmCustomers() {
        Set<String> accounts =
                filter(k -> k == TrafficKind.STOLEN_ACCOUNT).stream()
                        .map(Click::userId)
                        .collect(Collectors.toSet());
        long high = accounts.stream().filter(id -> rfm.get(id).score() >= 4).count();
        assertThat(high).isGreaterThan(accounts.size() / 5);
    }

    @Test
    void someRobotsDeclareThemselvesButMostPoseAsBrowsers() {
        List<Click> robots = filter(TrafficKind::isRobot);
        long declared =
                robots.stream()
                        .filter(
                                c ->
                                        c.userAgent().contains("bot")
                                                || !c.userAgent().startsWith("Mozilla/5.0 ("))
                        .filter(c -> !c.userAgent().startsWith("ShopApp/"))
                        .count();
        assertThat(declared).isPositive();
        assertThat(declared).isLessThan(robots.size() / 2);
        assertThat(filter(k -> !k.isRobot())).noneMatch(c -> c.userAgent().contains("Googlebot"));
    }

    @Test
    void robotShareDiffersBySlice() {
        List<Double> shares = new ArrayList<>();
        for (Device device : Device.values()) {
            for (boolean loggedIn : new boolean[] {false, true}) {
                String slice = SimulationSummary.sliceOf(device, loggedIn);
                if (summary.sliceClicks(slice) > 1_000) {
                    shares.add(
                            (double) summary.sliceRobotClicks(slice) / summary.sliceClicks(slice));
                }
            }
        }
        assertThat(shares.size()).isGreaterThanOrEqualTo(6);
        double spread =
                shares.stream().mapToDouble(d -> d).max().orElseThrow()
                        - shares.stream().mapToDouble(d -> d).min().orElseThrow();
        assertThat(spread).isGreaterThan(0.3);
    }

    @Test
    void summaryCountsMatchTheEmittedTraffic() {
        assertThat(summary.conversions()).isEqualTo(day.conversions.size());
        assertThat(summary.robotClicks())
                .isEqualTo(day.kinds.stream().filter(TrafficKind::isRobot).count());
        Map<String, Object> map = summary.toMap();
        assertThat(map).containsKeys("clicks", "conversions", "kinds", "slices", "seed");
        assertThat(summary.customers()).isEqualTo(rfm.size());
    }

    @Test
    void refusesBadDaysAndASecondRun() throws IOException {
        assertThatThrownBy(
                        () ->
                                new TrafficSimulator(
                                        SimulatorConfig.defaults(),
                                        1,
                                        TrafficSimulator.DEFAULT_START,
                                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("days");
        TrafficSimulator tiny =
                new TrafficSimulator(SmallConfigs.tiny(), 1, TrafficSimulator.DEFAULT_START, 1);
        tiny.run(new TestingTrafficSink(), ProgressListener.NONE);
        assertThatThrownBy(() -> tiny.run(new TestingTrafficSink(), ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class);
    }

    private static List<Click> filter(Predicate<TrafficKind> kinds) {
        List<Click> out = new ArrayList<>();
        for (int i = 0; i < day.clicks.size(); i++) {
            if (kinds.test(day.kinds.get(i))) {
                out.add(day.clicks.get(i));
            }
        }
        return out;
    }

    private static double[] clicksPerLocalHour(Predicate<TrafficKind> kinds) {
        double[] perHour = new double[24];
        for (Click c : filter(kinds)) {
            perHour[Instant.ofEpochMilli(c.ts()).atZone(ZONE).getHour()]++;
        }
        return perHour;
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }
}
