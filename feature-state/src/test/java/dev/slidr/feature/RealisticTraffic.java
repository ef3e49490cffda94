package dev.slidr.feature;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A day and a half of synthetic traffic with the shapes that matter to the counters: humans in
 * short sessions, robots in dense bursts over many ads, a carrier gateway IP shared by hundreds of
 * users and sessions, arrival jitter (out-of-order clicks) and a few clicks a day late.
 */
final class RealisticTraffic {

    private RealisticTraffic() {}

    static List<Click> generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long start = Clicks.T0.toEpochMilli();
        long span = 30 * 3_600_000L;
        List<long[]> order = new ArrayList<>();
        List<Click> clicks = new ArrayList<>();

        for (int h = 0; h < 150; h++) {
            boolean loggedIn = random.nextInt(10) < 6;
            String home = random.nextInt(10) < 3 ? "100.64.0.1" : "82.1." + h / 200 + "." + h % 200;
            Device device = Device.values()[random.nextInt(4)];
            int sessions = 1 + random.nextInt(4);
            for (int s = 0; s < sessions; s++) {
                long t = start + random.nextLong(span);
                int n = 1 + random.nextInt(15);
                for (int i = 0; i < n; i++) {
                    t += 5_000 + random.nextLong(300_000);
                    clicks.add(
                            click(
                                    "human-" + h,
                                    "sess-h" + h + "-" + s,
                                    home,
                                    t,
                                    loggedIn,
                                    device,
                                    "ad-" + random.nextInt(300)));
                }
            }
        }
        for (int r = 0; r < 6; r++) {
            for (int burst = 0; burst < 3; burst++) {
                long t = start + random.nextLong(span);
                String ip = "45.9." + r + "." + random.nextInt(3);
                int n = 100 + random.nextInt(300);
                for (int i = 0; i < n; i++) {
                    t += 1_000 + random.nextLong(3_000);
                    clicks.add(
                            click(
                                    "bot-" + r,
                                    "sess-b" + r + "-" + burst,
                                    ip,
                                    t,
                                    false,
                                    Device.OTHER,
                                    "ad-" + random.nextInt(5_000)));
                }
            }
        }
        for (int s = 0; s < 400; s++) {
            long t = start + random.nextLong(span);
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                t += random.nextLong(120_000);
                clicks.add(
                        click(
                                "carrier-" + s,
                                "sess-c" + s,
                                "100.64.0.1",
                                t,
                                false,
                                Device.MOBILE,
                                "ad-" + random.nextInt(300)));
            }
        }

        long[] arrivals = new long[clicks.size()];
        for (int i = 0; i < clicks.size(); i++) {
            int roll = random.nextInt(1000);
            long delay =
                    roll < 5
                            ? 25 * 3_600_000L + random.nextLong(2 * 3_600_000L)
                            : roll < 150 ? random.nextLong(40_000) : 0;
            arrivals[i] = clicks.get(i).ts() + delay;
            order.add(new long[] {arrivals[i], i});
        }
        order.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        List<Click> stream = new ArrayList<>(clicks.size());
        for (long[] o : order) {
            stream.add(clicks.get((int) o[1]));
        }
        return stream;
    }

    private static Click click(
            String who,
            String session,
            String ip,
            long ts,
            boolean loggedIn,
            Device device,
            String ad) {
        Clicks.Builder b =
                Clicks.builder(who, ip, Instant.ofEpochMilli(ts))
                        .session(session)
                        .device(device)
                        .ad(ad)
                        .advertiser("adv-" + Math.floorMod(ad.hashCode(), 40));
        if (!loggedIn) {
            b.anonymous();
        }
        return b.build();
    }
}
