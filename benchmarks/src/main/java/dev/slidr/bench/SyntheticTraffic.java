package dev.slidr.bench;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reproducible 26-hour click stream with a realistic key distribution for the benchmarks: humans
 * with heavy-tailed activity (most click a few times, a few click hundreds of times), 40 robots
 * clicking in dense bursts over thousands of ads, 20 carrier gateway IPs each shared by hundreds of
 * humans, and 10% of clicks arriving up to 30 s out of order.
 *
 * <p>Keys are numbered so that a benchmark can keep its states in arrays: the key lookup is the
 * state backend's business, not the feature core's.
 */
public final class SyntheticTraffic {

    /** Event time covered by one pass over the stream. */
    public static final long SPAN_MILLIS = 26 * 3_600_000L;

    private static final long START = 1_772_442_000_000L; // 2026-03-02T09:00:00Z

    /** Clicks in arrival order, with the array index of each click's user key and IP. */
    public record Stream(Click[] clicks, int[] userIndex, int[] ipIndex, int users, int ips) {

        public int size() {
            return clicks.length;
        }
    }

    private SyntheticTraffic() {}

    public static Stream generate(long seed) {
        return generate(seed, 40_000, 40);
    }

    public static Stream generate(long seed, int humans, int robots) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Click> clicks = new ArrayList<>();
        String[] ads = new String[20_000];
        for (int i = 0; i < ads.length; i++) {
            ads[i] = "ad-" + Integer.toHexString(0x100000 + i * 7919);
        }
        String[] advertisers = new String[500];
        for (int i = 0; i < advertisers.length; i++) {
            advertisers[i] = "adv-" + i;
        }
        String[] gateways = new String[20];
        for (int i = 0; i < gateways.length; i++) {
            gateways[i] = "100.64." + i + ".1";
        }
        Device[] devices = Device.values();

        for (int h = 0; h < humans; h++) {
            String userId = "u-" + Long.toHexString(random.nextLong());
            boolean loggedIn = random.nextInt(10) < 6;
            String ip =
                    random.nextInt(10) < 2
                            ? gateways[random.nextInt(gateways.length)]
                            : "82." + (h >>> 16) + "." + ((h >>> 8) & 0xFF) + "." + (h & 0xFF);
            Device device = devices[random.nextInt(3)];
            // Pareto(alpha 1.5) activity, capped: mean about 3 clicks, a long tail of heavy users
            int total =
                    (int) Math.min(300, Math.floor(Math.pow(1 - random.nextDouble(), -1 / 1.5)));
            int sessions = 1 + random.nextInt(Math.min(total, 3));
            for (int s = 0; s < sessions; s++) {
                String session = "s-" + Long.toHexString(random.nextLong());
                long t = START + random.nextLong(SPAN_MILLIS);
                for (int i = 0; i < total / sessions + (s == 0 ? total % sessions : 0); i++) {
                    t += 2_000 + random.nextLong(240_000);
                    int ad = random.nextInt(2_000);
                    clicks.add(
                            new Click(
                                    "c-" + clicks.size(),
                                    t % SPAN_MILLIS + START - START % SPAN_MILLIS,
                                    loggedIn ? userId : null,
                                    session,
                                    ip,
                                    "Mozilla/5.0",
                                    device,
                                    loggedIn,
                                    ads[ad],
                                    advertisers[ad % advertisers.length],
                                    "search-top"));
                }
            }
        }
        for (int r = 0; r < robots; r++) {
            String session = "s-bot-" + r;
            int bursts = 2 + random.nextInt(4);
            for (int b = 0; b < bursts; b++) {
                String ip = "45.9." + r + "." + random.nextInt(8);
                long t = START + random.nextLong(SPAN_MILLIS);
                int n = 200 + random.nextInt(600);
                for (int i = 0; i < n; i++) {
                    t += 1_000 + random.nextLong(4_000);
                    int ad = random.nextInt(ads.length);
                    clicks.add(
                            new Click(
                                    "c-" + clicks.size(),
                                    t % SPAN_MILLIS + START - START % SPAN_MILLIS,
                                    null,
                                    session,
                                    ip,
                                    "python-requests/2.31",
                                    Device.OTHER,
                                    false,
                                    ads[ad],
                                    advertisers[ad % advertisers.length],
                                    "search-top"));
                }
            }
        }
        return toStream(clicks, random);
    }

    private static Stream toStream(List<Click> clicks, SplittableRandom random) {
        int n = clicks.size();
        long[] arrival = new long[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            long jitter = random.nextInt(10) == 0 ? random.nextLong(30_000) : 0;
            arrival[i] = clicks.get(i).ts() + jitter;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(arrival[a], arrival[b]));
        Click[] sorted = new Click[n];
        int[] userIndex = new int[n];
        int[] ipIndex = new int[n];
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> ips = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Click c = clicks.get(order[i]);
            sorted[i] = c;
            userIndex[i] = users.computeIfAbsent(c.userKey(), k -> users.size());
            ipIndex[i] = ips.computeIfAbsent(c.ip(), k -> ips.size());
        }
        return new Stream(sorted, userIndex, ipIndex, users.size(), ips.size());
    }
}
