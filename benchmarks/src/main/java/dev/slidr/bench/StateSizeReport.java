package dev.slidr.bench;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import dev.slidr.feature.WindowSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

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
        System.out.println("| heavy key | bytes | feature: estimate (exact) |");
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
        long lastTs = 0;
        int n = 0;
        for (long t = START; t < START + 26 * HOUR; t += periodMillis, n++) {
            last = state.add(click("bot", "s-bot", "45.9.0.1", t, "ad-" + (n % ads), false));
            lastTs = t;
        }
        // exact distinct ads in the last click's 1-hour window (12 buckets of 5 min)
        WindowSpec hour = WindowSpec.ONE_HOUR;
        long k = hour.bucketOf(lastTs);
        Set<Integer> seen = new HashSet<>();
        int i = 0;
        for (long t = START; t <= lastTs; t += periodMillis, i++) {
            if (hour.bucketOf(t) > k - hour.buckets()) {
                seen.add(i % ads);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "| user: robot, 1 click / %d ms over %d ads | %d | distinct ads 1 h: %.0f (%d)"
                        + " |%n",
                periodMillis,
                ads,
                size(state),
                last.distinctAds1h(),
                seen.size());
    }

    /** A gateway IP seen by {@code usersPerDay} users, each clicking 3 times in one session. */
    private static void gateway(int usersPerDay) {
        IpCounters state = new IpCounters();
        IpFeatures last = null;
        int total = usersPerDay * 26 / 24;
        long step = 26 * HOUR / total;
        long lastTs = 0;
        for (int u = 0; u < total; u++) {
            long t = START + u * step;
            for (int c = 0; c < 3; c++) {
                lastTs = t + c * 1_000;
                last = state.add(click("user-" + u, "s-" + u, "gw", lastTs, "ad-1", true));
            }
        }
        // exact distinct users in the last click's windows; each user is one session
        long users1h = 0;
        long users24h = 0;
        WindowSpec hour = WindowSpec.ONE_HOUR;
        WindowSpec day = WindowSpec.ONE_DAY;
        for (int u = 0; u < total; u++) {
            long t = START + u * step + 2_000;
            users1h += hour.bucketOf(t) > hour.bucketOf(lastTs) - hour.buckets() ? 1 : 0;
            users24h += day.bucketOf(t) > day.bucketOf(lastTs) - day.buckets() ? 1 : 0;
        }
        System.out.printf(
                Locale.ROOT,
                "| IP: gateway, %d users / day | %d | users 1 h: %.0f (%d); users 24 h: %.0f (%d);"
                        + " sessions 24 h: %.0f (%d) |%n",
                usersPerDay,
                size(state),
                last.distinctUsers1h(),
                users1h,
                last.distinctUsers24h(),
                users24h,
                last.distinctSessions24h(),
                users24h);
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
