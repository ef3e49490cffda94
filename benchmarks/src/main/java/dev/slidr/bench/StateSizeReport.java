package dev.slidr.bench;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Serialized bytes per key in steady state: the distribution over {@link SyntheticTraffic} after
 * two passes (52 h), and the heaviest shapes on their own (a robot clicking all day, gateway IPs
 * with hundreds to thousands of users). Bytes are not a time, so this is a main, not a benchmark.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.slidr.bench.StateSizeReport
 * </pre>
 */
public final class StateSizeReport {

    private static final long HOUR = 3_600_000L;
    private static final long START = 1_772_442_000_000L; // 2026-03-02T09:00:00Z

    private StateSizeReport() {}

    public static void main(String[] args) {
        SyntheticTraffic.Stream stream = SyntheticTraffic.generate(20260302L);
        UserCounters[] users = new UserCounters[stream.users()];
        IpCounters[] ips = new IpCounters[stream.ips()];
        Arrays.setAll(users, i -> new UserCounters());
        Arrays.setAll(ips, i -> new IpCounters());
        long end = Long.MIN_VALUE;
        for (int pass = 0; pass < 2; pass++) {
            long shift = pass * SyntheticTraffic.SPAN_MILLIS;
            for (int i = 0; i < stream.size(); i++) {
                Click c = stream.clicks()[i];
                Click shifted = shifted(c, shift);
                users[stream.userIndex()[i]].add(shifted);
                ips[stream.ipIndex()[i]].add(shifted);
                end = Math.max(end, shifted.ts());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Synthetic traffic: %d clicks per 26 h pass, %d user keys, %d IPs; sizes after"
                        + " two passes, live keys only (not droppable at the last event time)%n%n",
                stream.size(),
                stream.users(),
                stream.ips());
        System.out.println("| state | live keys | mean B | p50 B | p90 B | p99 B | max B |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        long now = end;
        row("user", Arrays.stream(users).filter(s -> !s.canDrop(now)).mapToInt(s -> size(s)));
        row("IP", Arrays.stream(ips).filter(s -> !s.canDrop(now)).mapToInt(s -> size(s)));

        System.out.println();
        System.out.println("| heavy key | bytes | feature: estimate (truth) |");
        System.out.println("| --- | ---: | --- |");
        robot(2_000, 20_000);
        robot(500, 200);
        for (int usersPerDay : new int[] {300, 1_000, 10_000, 100_000}) {
            gateway(usersPerDay);
        }
    }

    /** A robot clicking every {@code periodMillis} for 26 h over {@code ads} distinct ads. */
    private static void robot(long periodMillis, int ads) {
        UserCounters state = new UserCounters();
        UserFeatures last = null;
        long t = START;
        int n = 0;
        while (t < START + 26 * HOUR) {
            last = state.add(click("bot", "s-bot", "45.9.0.1", t, "ad-" + (n % ads), false));
            t += periodMillis;
            n++;
        }
        int distinct = (int) Math.min(ads, HOUR / periodMillis);
        System.out.printf(
                Locale.ROOT,
                "| user: robot, 1 click / %d ms, %d ads | %d | ads 1 h: %.0f (%d); clicks 24 h: %d"
                        + " |%n",
                periodMillis,
                ads,
                size(state),
                last.distinctAds1h(),
                distinct,
                last.clicks24h());
    }

    /** A gateway IP seen by {@code usersPerDay} users, each clicking 3 times in one session. */
    private static void gateway(int usersPerDay) {
        IpCounters state = new IpCounters();
        IpFeatures last = null;
        int total = usersPerDay * 26 / 24;
        long step = 26 * HOUR / total;
        for (int u = 0; u < total; u++) {
            long t = START + u * step;
            for (int k = 0; k < 3; k++) {
                last = state.add(click("user-" + u, "s-" + u, "gw", t + k * 1_000, "ad-1", true));
            }
        }
        long usersPerHour = Math.round(usersPerDay / 24.0);
        System.out.printf(
                Locale.ROOT,
                "| IP: gateway, %d users / day | %d | users 1 h: %.0f (~%d); users 24 h: %.0f"
                        + " (~%d); sessions 24 h: %.0f |%n",
                usersPerDay,
                size(state),
                last.distinctUsers1h(),
                usersPerHour,
                last.distinctUsers24h(),
                usersPerDay,
                last.distinctSessions24h());
    }

    private static Click click(
            String user, String session, String ip, long ts, String ad, boolean loggedIn) {
        return new Click(
                "c",
                ts,
                loggedIn ? user : null,
                session,
                ip,
                "ua",
                Device.OTHER,
                loggedIn,
                ad,
                "adv-" + (ad.hashCode() & 63),
                "p");
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

    private static void row(String name, java.util.stream.IntStream sizes) {
        int[] s = sizes.sorted().toArray();
        double mean = Arrays.stream(s).average().orElse(0);
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.1f | %d | %d | %d | %d |%n",
                name,
                s.length,
                mean,
                quantile(s, 0.50),
                quantile(s, 0.90),
                quantile(s, 0.99),
                s.length == 0 ? 0 : s[s.length - 1]);
    }

    private static int quantile(int[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static int size(UserCounters state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            state.writeTo(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    private static int size(IpCounters state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            state.writeTo(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }
}
