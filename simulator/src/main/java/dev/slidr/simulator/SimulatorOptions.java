package dev.slidr.simulator;

import static dev.slidr.simulator.SimulatorOption.doubleOption;
import static dev.slidr.simulator.SimulatorOption.intOption;
import static dev.slidr.simulator.SimulatorOption.stringOption;
import static dev.slidr.simulator.SimulatorOption.weightsOption;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * Every simulator setting with its default; {@code docs/simulator.md} lists them all (a test keeps
 * that list complete). With the defaults a day holds about 300 000 clicks, a third of them robotic.
 */
public final class SimulatorOptions {

    private SimulatorOptions() {}

    private static String checkZone(String zone) {
        try {
            ZoneId.of(zone);
            return null;
        } catch (DateTimeException e) {
            return "is not a time zone id (" + e.getMessage() + ")";
        }
    }

    // ---- time

    public static final SimulatorOption<String> ZONE =
            stringOption(
                    "zone",
                    "America/New_York",
                    SimulatorOptions::checkZone,
                    "Time zone of the human population: daily and weekly rhythms follow its local"
                            + " clock, and --start is midnight in it.");

    // ---- humans

    public static final SimulatorOption<Integer> HUMAN_USERS =
            intOption("humans.users", 60_000, 0, 10_000_000, "Number of human users.");

    public static final SimulatorOption<Double> HUMAN_SESSIONS_PER_DAY =
            doubleOption(
                    "humans.sessions_per_day",
                    1.0,
                    0.0,
                    1000.0,
                    "Mean sessions per human user per day, averaged over the week.");

    public static final SimulatorOption<Double> HUMAN_ACTIVITY_SPREAD =
            doubleOption(
                    "humans.activity_spread",
                    0.8,
                    0.0,
                    3.0,
                    "Log-normal sigma of per-user activity: some users click far more than"
                            + " others; the mean stays humans.sessions_per_day.");

    public static final SimulatorOption<Double> HUMAN_CLICKS_PER_SESSION =
            doubleOption(
                    "humans.clicks_per_session",
                    3.5,
                    1.0,
                    1000.0,
                    "Mean ad clicks in one human session (geometric, at least one).");

    public static final SimulatorOption<Double> HUMAN_CLICK_GAP_SECONDS =
            doubleOption(
                    "humans.click_gap_median_seconds",
                    35.0,
                    0.1,
                    86_400.0,
                    "Median seconds between two clicks of a human session (log-normal).");

    public static final SimulatorOption<Double> HUMAN_LOGGED_IN_SHARE =
            doubleOption(
                    "humans.logged_in_share",
                    0.4,
                    0.0,
                    1.0,
                    "Share of human users who are logged-in customers (they have an RFM row).");

    public static final SimulatorOption<List<Double>> HUMAN_DEVICE_MIX =
            weightsOption(
                    "humans.device_mix",
                    List.of(0.45, 0.35, 0.15, 0.05),
                    4,
                    "Relative weights of desktop, mobile, app and other among human users.");

    public static final SimulatorOption<Double> HUMAN_IPV6_SHARE =
            doubleOption(
                    "humans.ipv6_share",
                    0.1,
                    0.0,
                    1.0,
                    "Share of (non-gateway) human users reaching us over IPv6.");

    public static final SimulatorOption<List<Double>> HUMAN_HOURLY_WEIGHTS =
            weightsOption(
                    "humans.hourly_weights",
                    List.of(
                            0.30, 0.18, 0.12, 0.09, 0.09, 0.14, 0.30, 0.55, 0.80, 0.95, 1.05, 1.15,
                            1.25, 1.20, 1.10, 1.05, 1.05, 1.15, 1.35, 1.55, 1.65, 1.55, 1.15, 0.65),
                    24,
                    "Relative human activity per local hour of day, 0 to 23 (the diurnal curve).");

    public static final SimulatorOption<List<Double>> HUMAN_WEEKDAY_WEIGHTS =
            weightsOption(
                    "humans.weekday_weights",
                    List.of(1.0, 1.0, 1.0, 1.0, 1.05, 0.9, 0.85),
                    7,
                    "Relative human activity per local day of week, Monday to Sunday.");

    // ---- shared gateways (offices, carrier NAT)

    public static final SimulatorOption<Double> GATEWAY_USER_SHARE =
            doubleOption(
                    "gateways.user_share",
                    0.12,
                    0.0,
                    1.0,
                    "Share of human users behind a shared gateway IP (truth kind"
                            + " human_gateway).");

    public static final SimulatorOption<Integer> GATEWAY_COUNT =
            intOption(
                    "gateways.count",
                    24,
                    1,
                    1_000_000,
                    "Number of gateway IPs; even ones are offices (desktop), odd ones mobile"
                            + " carrier NAT (mobile and app).");

    // ---- purchases and RFM

    public static final SimulatorOption<Double> PURCHASE_RATE =
            doubleOption(
                    "purchases.rate",
                    0.03,
                    0.0,
                    1.0,
                    "Purchase probability of one click by a logged-in customer whose RFM score"
                            + " is 3 (the middle).");

    public static final SimulatorOption<Double> PURCHASE_RFM_EXPONENT =
            doubleOption(
                    "purchases.rfm_exponent",
                    2.0,
                    0.0,
                    10.0,
                    "A customer's purchase probability is purchases.rate * (rfm_score / 3) ^"
                            + " this, capped at 0.5.");

    public static final SimulatorOption<Double> PURCHASE_ANONYMOUS_RATE =
            doubleOption(
                    "purchases.anonymous_rate",
                    0.01,
                    0.0,
                    1.0,
                    "Purchase probability of one click by an anonymous human (guest checkout).");

    public static final SimulatorOption<Double> PURCHASE_DELAY_MINUTES =
            doubleOption(
                    "purchases.delay_median_minutes",
                    20.0,
                    0.0,
                    10_080.0,
                    "Median minutes from the click to its purchase (log-normal).");

    public static final SimulatorOption<Double> RFM_HIGH_SHARE =
            doubleOption(
                    "rfm.high_share",
                    0.2,
                    0.0,
                    1.0,
                    "Share of human customers with a high RFM profile (each score 4 or 5).");

    // ---- ads

    public static final SimulatorOption<Integer> AD_COUNT =
            intOption("ads.count", 5_000, 1, 10_000_000, "Number of distinct ads.");

    public static final SimulatorOption<Integer> ADS_PER_ADVERTISER =
            intOption(
                    "ads.per_advertiser",
                    25,
                    1,
                    1_000_000,
                    "Ads per advertiser (ad i belongs" + " to advertiser i / this).");

    public static final SimulatorOption<Double> AD_ZIPF_EXPONENT =
            doubleOption(
                    "ads.zipf_exponent",
                    1.1,
                    0.0,
                    5.0,
                    "Zipf exponent of ad popularity among humans (0 = uniform).");

    // ---- robots

    public static final SimulatorOption<Integer> CRAWLER_COUNT =
            intOption(
                    "crawler.count",
                    2,
                    0,
                    10_000,
                    "High-velocity crawlers, each on one data-centre IP, no daily rhythm.");

    public static final SimulatorOption<Integer> CRAWLER_DECLARED =
            intOption(
                    "crawler.declared",
                    1,
                    0,
                    10_000,
                    "How many of the crawlers declare themselves with a bot user agent"
                            + " (Googlebot-like); the rest pose as browsers. At most"
                            + " crawler.count.");

    public static final SimulatorOption<Double> CRAWLER_CLICKS_PER_MINUTE =
            doubleOption(
                    "crawler.clicks_per_minute",
                    12.0,
                    0.0,
                    60_000.0,
                    "Mean clicks per minute of one crawler.");

    public static final SimulatorOption<Integer> BOTNET_HOSTS =
            intOption(
                    "botnet.hosts",
                    5_000,
                    0,
                    10_000_000,
                    "Hosts of the distributed botnet, each with its own residential IP.");

    public static final SimulatorOption<Double> BOTNET_CLICKS_PER_HOST_PER_DAY =
            doubleOption(
                    "botnet.clicks_per_host_per_day",
                    4.0,
                    0.0,
                    100_000.0,
                    "Mean clicks per botnet host per day, spread evenly over the clock.");

    public static final SimulatorOption<Integer> BOTNET_TARGET_ADS =
            intOption(
                    "botnet.target_ads",
                    20,
                    1,
                    1_000_000,
                    "Ads the botnet is paid to click (drawn once per run).");

    public static final SimulatorOption<Integer> FARM_COUNT =
            intOption(
                    "click_farm.farms",
                    3,
                    0,
                    10_000,
                    "Click farms: many logged-in accounts behind few IPs, human pacing, no"
                            + " purchases.");

    public static final SimulatorOption<Integer> FARM_ACCOUNTS =
            intOption("click_farm.accounts_per_farm", 80, 1, 1_000_000, "Accounts per click farm.");

    public static final SimulatorOption<Integer> FARM_IPS =
            intOption("click_farm.ips_per_farm", 2, 1, 10_000, "IPs per click farm.");

    public static final SimulatorOption<Double> FARM_SESSIONS_PER_DAY =
            doubleOption(
                    "click_farm.sessions_per_account_per_day",
                    8.0,
                    0.0,
                    10_000.0,
                    "Mean sessions per farm account per day, all inside the farm's shift.");

    public static final SimulatorOption<String> FARM_ZONE =
            stringOption(
                    "click_farm.zone",
                    "Asia/Manila",
                    SimulatorOptions::checkZone,
                    "Time zone of the click farms' working shift.");

    public static final SimulatorOption<Integer> FARM_SHIFT_START =
            intOption(
                    "click_farm.shift_start_hour",
                    8,
                    0,
                    23,
                    "Local hour at which the farms' shift starts.");

    public static final SimulatorOption<Integer> FARM_SHIFT_HOURS =
            intOption("click_farm.shift_hours", 12, 1, 24, "Length of the farms' shift in hours.");

    public static final SimulatorOption<Integer> STOLEN_ACCOUNTS =
            intOption(
                    "stolen.accounts",
                    400,
                    0,
                    1_000_000,
                    "Customer accounts taken over by bots (logged in, residential proxies).");

    public static final SimulatorOption<Double> STOLEN_HIGH_RFM_SHARE =
            doubleOption(
                    "stolen.high_rfm_share",
                    0.4,
                    0.0,
                    1.0,
                    "Share of stolen accounts that belong to high-RFM customers (weak labels"
                            + " call their clicks human).");

    public static final SimulatorOption<Double> STOLEN_CLICKS_PER_DAY =
            doubleOption(
                    "stolen.clicks_per_day",
                    40.0,
                    0.0,
                    100_000.0,
                    "Mean clicks per stolen account per day, in fast sessions of about ten.");

    public static final SimulatorOption<Double> STOLEN_PURCHASE_RATE =
            doubleOption(
                    "stolen.purchase_rate",
                    0.002,
                    0.0,
                    1.0,
                    "Purchase probability of one stolen-account click (fraudulent orders).");

    public static final SimulatorOption<Integer> LOW_AND_SLOW_BOTS =
            intOption(
                    "low_and_slow.bots",
                    2_000,
                    0,
                    10_000_000,
                    "Low-and-slow bots: few clicks each, one residential IP each, copying the"
                            + " human daily rhythm.");

    public static final SimulatorOption<Double> LOW_AND_SLOW_CLICKS_PER_DAY =
            doubleOption(
                    "low_and_slow.clicks_per_day",
                    10.0,
                    0.0,
                    100_000.0,
                    "Mean clicks per low-and-slow bot per day.");

    public static final SimulatorOption<Double> DECLARED_AGENT_SHARE =
            doubleOption(
                    "robots.declared_agent_share",
                    0.02,
                    0.0,
                    1.0,
                    "Share of non-crawler robot actors that send a declared-bot or scripting"
                            + " user agent.");

    /** Every option, in documentation order. */
    public static final List<SimulatorOption<?>> ALL =
            List.of(
                    ZONE,
                    HUMAN_USERS,
                    HUMAN_SESSIONS_PER_DAY,
                    HUMAN_ACTIVITY_SPREAD,
                    HUMAN_CLICKS_PER_SESSION,
                    HUMAN_CLICK_GAP_SECONDS,
                    HUMAN_LOGGED_IN_SHARE,
                    HUMAN_DEVICE_MIX,
                    HUMAN_IPV6_SHARE,
                    HUMAN_HOURLY_WEIGHTS,
                    HUMAN_WEEKDAY_WEIGHTS,
                    GATEWAY_USER_SHARE,
                    GATEWAY_COUNT,
                    PURCHASE_RATE,
                    PURCHASE_RFM_EXPONENT,
                    PURCHASE_ANONYMOUS_RATE,
                    PURCHASE_DELAY_MINUTES,
                    RFM_HIGH_SHARE,
                    AD_COUNT,
                    ADS_PER_ADVERTISER,
                    AD_ZIPF_EXPONENT,
                    CRAWLER_COUNT,
                    CRAWLER_DECLARED,
                    CRAWLER_CLICKS_PER_MINUTE,
                    BOTNET_HOSTS,
                    BOTNET_CLICKS_PER_HOST_PER_DAY,
                    BOTNET_TARGET_ADS,
                    FARM_COUNT,
                    FARM_ACCOUNTS,
                    FARM_IPS,
                    FARM_SESSIONS_PER_DAY,
                    FARM_ZONE,
                    FARM_SHIFT_START,
                    FARM_SHIFT_HOURS,
                    STOLEN_ACCOUNTS,
                    STOLEN_HIGH_RFM_SHARE,
                    STOLEN_CLICKS_PER_DAY,
                    STOLEN_PURCHASE_RATE,
                    LOW_AND_SLOW_BOTS,
                    LOW_AND_SLOW_CLICKS_PER_DAY,
                    DECLARED_AGENT_SHARE);
}
