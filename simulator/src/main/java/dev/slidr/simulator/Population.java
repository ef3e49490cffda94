package dev.slidr.simulator;

import static dev.slidr.simulator.SimulatorOptions.*;

import dev.slidr.contract.Device;
import dev.slidr.contract.RfmRow;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Builds every actor of a run (humans, gateway humans and each robot kind) and the RFM table of the
 * logged-in customers among them. Actors are made in a fixed order, each with a random stream split
 * from the run's seed, so a seed always yields the same population.
 */
final class Population {

    private static final String[] BROWSER_DESKTOP = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                + " Version/17.6 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/130.0.0.0 Safari/537.36"
    };
    private static final String[] BROWSER_MOBILE = {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                + " Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/130.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                + " Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"
    };
    private static final String[] APP = {
        "ShopApp/5.12.0 (iPhone; iOS 17.6; Scale/3.00)",
        "ShopApp/5.12.0 (Android 14; Pixel 8; okhttp/4.12.0)",
        "ShopApp/5.11.2 (Android 13; SM-A546B; okhttp/4.12.0)",
        "ShopApp/5.12.0 (iPad; iPadOS 17.5; Scale/2.00)"
    };
    // the in-app browser: what an ad click from an app carries in most real logs
    private static final String[] APP_WEBVIEW = {
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36"
                + " (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SM-A546B Build/TP1A.220624.014; wv) AppleWebKit/537.36"
                + " (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.107 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                + " Gecko) Mobile/15E148",
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                + " Mobile/15E148"
    };
    private static final String[] OTHER = {
        "Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " SamsungBrowser/5.0 Chrome/94.0.4606.31 TV Safari/537.36",
        "Mozilla/5.0 (PlayStation; PlayStation 5/8.20) AppleWebKit/605.1.15 (KHTML, like Gecko)",
        "Mozilla/5.0 (X11; CrOS x86_64 15917.71.0) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36"
    };
    private static final String[] DECLARED_CRAWLER = {
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"
    };
    private static final String[] DECLARED_SCRIPT = {
        "python-requests/2.32.3",
        "curl/8.5.0",
        "Go-http-client/1.1",
        "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"
    };

    // address ranges: residential broadband, office gateways, carrier NAT, data centres, farms
    private static final String[] RESIDENTIAL = {
        "24", "47", "67", "68", "71", "73", "76", "96", "98", "99", "108", "174"
    };
    private static final String[] OFFICE = {"12.160", "63.118", "65.200", "208.54"};
    private static final String[] CARRIER = {"172.56", "172.58", "166.170", "107.77"};
    private static final String[] DATA_CENTRE = {"34.102", "35.190", "52.14", "54.201"};
    private static final String[] FARM = {"103.21", "110.54", "119.93", "180.191"};
    // residential proxy pools that rotating bots rent, apart from the humans' broadband ranges
    private static final String[] PROXY_POOL = {
        "37", "45", "77", "82", "89", "93", "109", "176", "178", "185", "188", "212"
    };
    // clicks of one rotating bot before its addresses repeat
    private static final int CLICKS_PER_ROTATING_BOT = 1 << 14;

    final List<Actor> actors = new ArrayList<>();
    final List<RfmRow> rfm = new ArrayList<>();

    private final Ids ids;
    private final Traffic traffic;
    private final String[] appAgents;
    private int residentialIndex;
    private int rotatingIndex;

    Population(SimulatorConfig config, long seed, Traffic traffic) {
        this.ids = new Ids(seed);
        this.traffic = traffic;
        this.appAgents = config.get(APP_USER_AGENTS).equals("webview") ? APP_WEBVIEW : APP;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom shared = root.split();
        int hours = (int) ((traffic.endMs() - traffic.startMs()) / 3_600_000L) + 1;
        Rhythm human =
                Rhythm.diurnal(
                        traffic.startMs(),
                        hours,
                        ZoneId.of(config.get(ZONE)),
                        config.get(HUMAN_HOURLY_WEIGHTS),
                        config.get(HUMAN_WEEKDAY_WEIGHTS));
        Rhythm farmShift =
                Rhythm.shift(
                        traffic.startMs(),
                        hours,
                        ZoneId.of(config.get(FARM_ZONE)),
                        config.get(FARM_SHIFT_START),
                        config.get(FARM_SHIFT_HOURS));

        addHumans(config, root, human);
        addCrawlers(config, root);
        addBotnet(config, root, shared);
        addClickFarms(config, root, shared, farmShift);
        addStolenAccounts(config, root);
        addLowAndSlow(config, root, shared, human);
        // sorted by customer id, so the table's order says nothing about who is a robot
        rfm.sort(Comparator.comparing(RfmRow::customerId));
    }

    List<RfmRow> rfmRows() {
        return Collections.unmodifiableList(rfm);
    }

    private void addHumans(SimulatorConfig config, SplittableRandom root, Rhythm rhythm) {
        int users = config.get(HUMAN_USERS);
        double[] deviceMix = toArray(config.get(HUMAN_DEVICE_MIX));
        double sigma = config.get(HUMAN_ACTIVITY_SPREAD);
        int gateways = config.get(GATEWAY_COUNT);
        double officeShare = config.get(GATEWAY_OFFICE_SHARE);
        double carrierApp = config.get(GATEWAY_CARRIER_APP_SHARE);
        for (int i = 0; i < users; i++) {
            SplittableRandom rng = root.split();
            int id = actors.size();
            boolean behindGateway = rng.nextDouble() < config.get(GATEWAY_USER_SHARE);
            int gateway = behindGateway ? rng.nextInt(gateways) : -1;
            Device device;
            String ip;
            if (behindGateway) {
                boolean office = isOffice(gateway, officeShare);
                device =
                        office
                                ? Device.DESKTOP
                                : (rng.nextDouble() < 1.0 - carrierApp
                                        ? Device.MOBILE
                                        : Device.APP);
                ip = gatewayIp(gateway, office, officeShare);
            } else {
                device = Device.values()[pick(deviceMix, rng)];
                ip = rng.nextDouble() < config.get(HUMAN_IPV6_SHARE) ? ipv6(id) : residentialIp();
            }
            boolean loggedIn = rng.nextDouble() < config.get(HUMAN_LOGGED_IN_SHARE);
            String userId = null;
            double purchase = config.get(PURCHASE_ANONYMOUS_RATE);
            if (loggedIn) {
                userId = ids.customerId(id);
                RfmRow row =
                        rng.nextDouble() < config.get(RFM_HIGH_SHARE)
                                ? highRfm(userId, rng)
                                : ordinaryRfm(userId, rng);
                rfm.add(row);
                purchase =
                        Math.min(
                                0.5,
                                config.get(PURCHASE_RATE)
                                        * Math.pow(
                                                row.score() / 3.0,
                                                config.get(PURCHASE_RFM_EXPONENT)));
            }
            // log-normal activity with mean 1: a few heavy users, many light ones
            double activity = Math.exp(sigma * rng.nextGaussian() - sigma * sigma / 2);
            Actor.Behaviour behaviour =
                    new Actor.Behaviour(
                            config.get(HUMAN_SESSIONS_PER_DAY) * activity,
                            config.get(HUMAN_CLICKS_PER_SESSION),
                            config.get(HUMAN_CLICK_GAP_SECONDS) * 1000.0,
                            0.9,
                            rhythm,
                            false,
                            null,
                            purchase);
            actors.add(
                    new Actor(
                            id,
                            behindGateway ? TrafficKind.HUMAN_GATEWAY : TrafficKind.HUMAN,
                            userId,
                            device,
                            browserAgent(device, rng),
                            List.of(ip),
                            behaviour,
                            rng,
                            traffic));
        }
    }

    private void addCrawlers(SimulatorConfig config, SplittableRandom root) {
        int count = config.get(CRAWLER_COUNT);
        double perMinute = config.get(CRAWLER_CLICKS_PER_MINUTE);
        // log-normal gaps with sigma 0.5 have mean = median * exp(0.125)
        double gapMedianMs = perMinute > 0 ? 60_000.0 / perMinute / Math.exp(0.125) : 1;
        // a crawler walks the whole catalogue evenly, not the popular ads
        int[] allAds = new int[traffic.adCount()];
        for (int a = 0; a < allAds.length; a++) {
            allAds[a] = a;
        }
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = root.split();
            boolean declared = i < config.get(CRAWLER_DECLARED);
            Device device = declared ? Device.OTHER : Device.DESKTOP;
            String agent =
                    declared
                            ? DECLARED_CRAWLER[i % DECLARED_CRAWLER.length]
                            : BROWSER_DESKTOP[rng.nextInt(BROWSER_DESKTOP.length)];
            String ip =
                    DATA_CENTRE[i % DATA_CENTRE.length]
                            + "."
                            + (1 + (i / DATA_CENTRE.length) % 254)
                            + "."
                            + (10 + i % 200);
            Actor.Behaviour behaviour =
                    new Actor.Behaviour(
                            perMinute > 0 ? 1440.0 : 0.0,
                            30.0,
                            gapMedianMs,
                            0.5,
                            Rhythm.flat(),
                            true,
                            allAds,
                            0.0);
            actors.add(
                    new Actor(
                            actors.size(),
                            TrafficKind.CRAWLER,
                            null,
                            device,
                            agent,
                            List.of(ip),
                            behaviour,
                            rng,
                            traffic));
        }
    }

    private void addBotnet(SimulatorConfig config, SplittableRandom root, SplittableRandom shared) {
        int hosts = config.get(BOTNET_HOSTS);
        int[] targets = distinctAds(shared, config.get(BOTNET_TARGET_ADS));
        double clicksPerSession = 1.3;
        for (int i = 0; i < hosts; i++) {
            SplittableRandom rng = root.split();
            Device device =
                    robotDevice(
                            rng.nextDouble() < 0.6 ? Device.DESKTOP : Device.MOBILE, config, rng);
            boolean rotating =
                    config.get(BOTNET_ROTATING_SHARE) > 0
                            && rng.nextDouble() < config.get(BOTNET_ROTATING_SHARE);
            Actor.Behaviour behaviour =
                    new Actor.Behaviour(
                            config.get(BOTNET_CLICKS_PER_HOST_PER_DAY) / clicksPerSession,
                            clicksPerSession,
                            4_000.0,
                            0.7,
                            Rhythm.flat(),
                            false,
                            targets,
                            0.0);
            String agent = robotAgent(device, config, rng);
            actors.add(
                    rotating
                            ? new Actor(
                                    actors.size(),
                                    TrafficKind.BOTNET_ROTATING,
                                    null,
                                    device,
                                    agent,
                                    rotatingIps(rotatingIndex++),
                                    behaviour,
                                    rng,
                                    traffic)
                            : new Actor(
                                    actors.size(),
                                    TrafficKind.BOTNET,
                                    null,
                                    device,
                                    agent,
                                    List.of(residentialIp()),
                                    behaviour,
                                    rng,
                                    traffic));
        }
    }

    private void addClickFarms(
            SimulatorConfig config, SplittableRandom root, SplittableRandom shared, Rhythm shift) {
        int farms = config.get(FARM_COUNT);
        int accounts = config.get(FARM_ACCOUNTS);
        int ipsPerFarm = config.get(FARM_IPS);
        double clicksPerSession = 4.0;
        for (int f = 0; f < farms; f++) {
            List<String> ips = new ArrayList<>();
            for (int k = 0; k < ipsPerFarm; k++) {
                int n = f * ipsPerFarm + k;
                ips.add(
                        FARM[n % FARM.length]
                                + "."
                                + (1 + (n / FARM.length) / 250 % 254)
                                + "."
                                + (2 + (n / FARM.length) % 250));
            }
            int[] targets = distinctAds(shared, 12);
            for (int a = 0; a < accounts; a++) {
                SplittableRandom rng = root.split();
                int id = actors.size();
                double loggedInShare = config.get(FARM_LOGGED_IN_SHARE);
                boolean loggedIn = loggedInShare >= 1.0 || rng.nextDouble() < loggedInShare;
                String userId = loggedIn ? ids.customerId(id) : null;
                if (loggedIn) {
                    // fresh accounts: bought or registered in bulk, no purchase history
                    rfm.add(new RfmRow(userId, 1 + rng.nextInt(2), 1, 1));
                }
                Device device =
                        robotDevice(
                                rng.nextDouble() < 0.5 ? Device.MOBILE : Device.APP, config, rng);
                Actor.Behaviour behaviour =
                        new Actor.Behaviour(
                                config.get(FARM_SESSIONS_PER_DAY),
                                clicksPerSession,
                                30_000.0,
                                0.8,
                                shift,
                                false,
                                targets,
                                0.0);
                actors.add(
                        new Actor(
                                id,
                                TrafficKind.CLICK_FARM,
                                userId,
                                device,
                                robotAgent(device, config, rng),
                                ips,
                                behaviour,
                                rng,
                                traffic));
            }
        }
    }

    private void addStolenAccounts(SimulatorConfig config, SplittableRandom root) {
        int accounts = config.get(STOLEN_ACCOUNTS);
        double clicksPerSession = 10.0;
        for (int i = 0; i < accounts; i++) {
            SplittableRandom rng = root.split();
            int id = actors.size();
            String userId = ids.customerId(id);
            rfm.add(
                    rng.nextDouble() < config.get(STOLEN_HIGH_RFM_SHARE)
                            ? highRfm(userId, rng)
                            : ordinaryRfm(userId, rng));
            // residential proxies: a new exit IP for most sessions
            List<String> proxies = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                proxies.add(residentialIp());
            }
            Device device =
                    robotDevice(
                            rng.nextDouble() < 0.7 ? Device.DESKTOP : Device.MOBILE, config, rng);
            Actor.Behaviour behaviour =
                    new Actor.Behaviour(
                            config.get(STOLEN_CLICKS_PER_DAY) / clicksPerSession,
                            clicksPerSession,
                            6_000.0,
                            0.6,
                            Rhythm.flat(),
                            false,
                            null,
                            config.get(STOLEN_PURCHASE_RATE));
            actors.add(
                    new Actor(
                            id,
                            TrafficKind.STOLEN_ACCOUNT,
                            userId,
                            device,
                            robotAgent(device, config, rng),
                            proxies,
                            behaviour,
                            rng,
                            traffic));
        }
    }

    private void addLowAndSlow(
            SimulatorConfig config, SplittableRandom root, SplittableRandom shared, Rhythm human) {
        int bots = config.get(LOW_AND_SLOW_BOTS);
        int[] targets = distinctAds(shared, 50);
        double clicksPerSession = 1.5;
        for (int i = 0; i < bots; i++) {
            SplittableRandom rng = root.split();
            double r = rng.nextDouble();
            Device device =
                    robotDevice(
                            r < 0.5 ? Device.MOBILE : r < 0.9 ? Device.DESKTOP : Device.APP,
                            config,
                            rng);
            Actor.Behaviour behaviour =
                    new Actor.Behaviour(
                            config.get(LOW_AND_SLOW_CLICKS_PER_DAY) / clicksPerSession,
                            clicksPerSession,
                            45_000.0,
                            0.9,
                            human,
                            false,
                            targets,
                            0.0);
            actors.add(
                    new Actor(
                            actors.size(),
                            TrafficKind.LOW_AND_SLOW,
                            null,
                            device,
                            robotAgent(device, config, rng),
                            List.of(residentialIp()),
                            behaviour,
                            rng,
                            traffic));
        }
    }

    private static RfmRow highRfm(String customerId, SplittableRandom rng) {
        return new RfmRow(customerId, 4 + rng.nextInt(2), 4 + rng.nextInt(2), 4 + rng.nextInt(2));
    }

    private static RfmRow ordinaryRfm(String customerId, SplittableRandom rng) {
        return new RfmRow(customerId, 1 + rng.nextInt(5), 1 + rng.nextInt(4), 1 + rng.nextInt(4));
    }

    /** The kind's own device, or the app at robots.app_share (no draw when that is 0). */
    private static Device robotDevice(Device own, SimulatorConfig config, SplittableRandom rng) {
        double appShare = config.get(ROBOT_APP_SHARE);
        return appShare > 0 && rng.nextDouble() < appShare ? Device.APP : own;
    }

    /**
     * The proxy IP of each click of rotating bot {@code bot}: click {@code k} gets address number
     * {@code bot * CLICKS_PER_ROTATING_BOT + k} of the proxy pools, through the same bijection as
     * {@link #residentialIp()}, so no two clicks of up to 12,288 rotating bots share one.
     */
    private static LongFunction<String> rotatingIps(int bot) {
        return click -> {
            long n = (long) bot * CLICKS_PER_ROTATING_BOT + click % CLICKS_PER_ROTATING_BOT;
            String prefix = PROXY_POOL[(int) (n % PROXY_POOL.length)];
            int host = (int) (((n / PROXY_POOL.length) * 0x9E3779B1L + 0x2545F4L) & 0xFFFFFF);
            return prefix + "." + (host >>> 16) + "." + ((host >>> 8) & 0xFF) + "." + (host & 0xFF);
        };
    }

    private String robotAgent(Device device, SimulatorConfig config, SplittableRandom rng) {
        if (rng.nextDouble() < config.get(DECLARED_AGENT_SHARE)) {
            return DECLARED_SCRIPT[rng.nextInt(DECLARED_SCRIPT.length)];
        }
        return browserAgent(device, rng);
    }

    private String browserAgent(Device device, SplittableRandom rng) {
        String[] pool;
        switch (device) {
            case DESKTOP:
                pool = BROWSER_DESKTOP;
                break;
            case MOBILE:
                pool = BROWSER_MOBILE;
                break;
            case APP:
                pool = appAgents;
                break;
            default:
                pool = OTHER;
        }
        return pool[rng.nextInt(pool.length)];
    }

    /**
     * The next unused residential IPv4 address: a fixed prefix, then 24 bits from an odd multiplier
     * (a bijection mod 2^24), so no two actors share one by accident.
     */
    private String residentialIp() {
        int n = residentialIndex++;
        String prefix = RESIDENTIAL[n % RESIDENTIAL.length];
        int host = (int) (((long) (n / RESIDENTIAL.length) * 0x9E3779B1L + 0x2545F4L) & 0xFFFFFF);
        return prefix + "." + (host >>> 16) + "." + ((host >>> 8) & 0xFF) + "." + (host & 0xFF);
    }

    private static String ipv6(int id) {
        long h = Ids.mix(id * 0x9E3779B97F4A7C15L + 17);
        return String.format(
                "2600:%x:%x:%x::%x",
                0x1000 + (h & 0xEFFF),
                (h >>> 16) & 0xFFFF,
                (h >>> 32) & 0xFFFF,
                1 + ((h >>> 48) & 0xFFFE));
    }

    /**
     * Whether gateway {@code g} is an office: offices are spread evenly among the gateways at the
     * configured share (at 0.5 the even gateways, as before the share could be set).
     */
    private static boolean isOffice(int g, double officeShare) {
        return officesBefore(g + 1, officeShare) > officesBefore(g, officeShare);
    }

    private static long officesBefore(int g, double officeShare) {
        return (long) Math.ceil(g * officeShare);
    }

    private static String gatewayIp(int gateway, boolean office, double officeShare) {
        String[] ranges = office ? OFFICE : CARRIER;
        // the gateway's number among the offices, or among the carrier addresses
        long offices = officesBefore(gateway, officeShare);
        int n = (int) (office ? offices : gateway - offices);
        return ranges[n % ranges.length]
                + "."
                + (1 + (n / ranges.length) / 250 % 254)
                + "."
                + (2 + (n / ranges.length) % 250);
    }

    private int[] distinctAds(SplittableRandom rng, int count) {
        int n = Math.min(count, traffic.adCount());
        return rng.ints(0, traffic.adCount()).distinct().limit(n).toArray();
    }

    private static int pick(double[] weights, SplittableRandom rng) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double r = rng.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
