package dev.slidr.simulator;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every simulator setting with its key (as written in a {@code --config} JSON file), type, default
 * and description; {@link SimulatorConfig} holds the values and checks their ranges, and {@code
 * docs/configuration.md} lists them all (generated; a test keeps it in step). With the defaults a
 * day holds about 300 000 clicks, a third of them robotic.
 */
public final class SimulatorOptions {

    private SimulatorOptions() {}

    // ---- time

    public static final ConfigOption<String> ZONE =
            ConfigOptions.key("zone")
                    .stringType()
                    .defaultValue("America/New_York")
                    .withDescription(
                            "Time zone of the human population: daily and weekly rhythms follow its"
                                    + " local clock, and --start is midnight in it.");

    // ---- humans

    public static final ConfigOption<Integer> HUMAN_USERS =
            ConfigOptions.key("humans.users")
                    .intType()
                    .defaultValue(60_000)
                    .withDescription("Number of human users.");

    public static final ConfigOption<Double> HUMAN_SESSIONS_PER_DAY =
            ConfigOptions.key("humans.sessions_per_day")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Mean sessions per human user per day, averaged over the week.");

    public static final ConfigOption<Double> HUMAN_ACTIVITY_SPREAD =
            ConfigOptions.key("humans.activity_spread")
                    .doubleType()
                    .defaultValue(0.8)
                    .withDescription(
                            "Log-normal sigma of per-user activity: some users click far more than"
                                    + " others; the mean stays humans.sessions_per_day.");

    public static final ConfigOption<Double> HUMAN_CLICKS_PER_SESSION =
            ConfigOptions.key("humans.clicks_per_session")
                    .doubleType()
                    .defaultValue(3.5)
                    .withDescription(
                            "Mean ad clicks in one human session (geometric, at least one).");

    public static final ConfigOption<Double> HUMAN_CLICK_GAP_SECONDS =
            ConfigOptions.key("humans.click_gap_median_seconds")
                    .doubleType()
                    .defaultValue(35.0)
                    .withDescription(
                            "Median seconds between two clicks of a human session (log-normal).");

    public static final ConfigOption<Double> HUMAN_LOGGED_IN_SHARE =
            ConfigOptions.key("humans.logged_in_share")
                    .doubleType()
                    .defaultValue(0.4)
                    .withDescription(
                            "Share of human users who are logged-in customers (they have an RFM"
                                    + " row).");

    public static final ConfigOption<List<Double>> HUMAN_DEVICE_MIX =
            ConfigOptions.key("humans.device_mix")
                    .doubleType()
                    .asList()
                    .defaultValues(0.45, 0.35, 0.15, 0.05)
                    .withDescription(
                            "Relative weights of desktop, mobile, app and other among human"
                                    + " users.");

    public static final ConfigOption<Double> HUMAN_IPV6_SHARE =
            ConfigOptions.key("humans.ipv6_share")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription("Share of (non-gateway) human users reaching us over IPv6.");

    public static final ConfigOption<List<Double>> HUMAN_HOURLY_WEIGHTS =
            ConfigOptions.key("humans.hourly_weights")
                    .doubleType()
                    .asList()
                    .defaultValues(
                            0.30, 0.18, 0.12, 0.09, 0.09, 0.14, 0.30, 0.55, 0.80, 0.95, 1.05, 1.15,
                            1.25, 1.20, 1.10, 1.05, 1.05, 1.15, 1.35, 1.55, 1.65, 1.55, 1.15, 0.65)
                    .withDescription(
                            "Relative human activity per local hour of day, 0 to 23 (the diurnal"
                                    + " curve).");

    public static final ConfigOption<List<Double>> HUMAN_WEEKDAY_WEIGHTS =
            ConfigOptions.key("humans.weekday_weights")
                    .doubleType()
                    .asList()
                    .defaultValues(1.0, 1.0, 1.0, 1.0, 1.05, 0.9, 0.85)
                    .withDescription(
                            "Relative human activity per local day of week, Monday to Sunday.");

    public static final ConfigOption<String> APP_USER_AGENTS =
            ConfigOptions.key("app.user_agents")
                    .stringType()
                    .defaultValue("sdk")
                    .withDescription(
                            "User agents of app clicks: 'sdk' (the app's own HTTP client,"
                                    + " 'ShopApp/5.12.0 (...; okhttp/4.12.0)'; YAUAA calls the"
                                    + " okhttp ones robots) or 'webview' (the in-app browser's"
                                    + " WebView agent, as ad clicks from apps usually carry).");

    // ---- shared gateways (offices, carrier NAT)

    public static final ConfigOption<Double> GATEWAY_USER_SHARE =
            ConfigOptions.key("gateways.user_share")
                    .doubleType()
                    .defaultValue(0.12)
                    .withDescription(
                            "Share of human users behind a shared gateway IP (truth kind"
                                    + " human_gateway).");

    public static final ConfigOption<Integer> GATEWAY_COUNT =
            ConfigOptions.key("gateways.count")
                    .intType()
                    .defaultValue(24)
                    .withDescription(
                            "Number of gateway IPs; even ones are offices (desktop), odd ones"
                                    + " mobile carrier NAT (mobile and app).");

    public static final ConfigOption<Double> GATEWAY_OFFICE_SHARE =
            ConfigOptions.key("gateways.office_share")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription(
                            "Share of the gateway IPs that are offices (desktop); the rest are"
                                    + " mobile carrier NAT. At 0.5 they alternate, office first; at"
                                    + " 0 every gateway is a carrier address.");

    public static final ConfigOption<Double> GATEWAY_CARRIER_APP_SHARE =
            ConfigOptions.key("gateways.carrier_app_share")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription(
                            "Share of the humans behind a carrier NAT gateway who click from the"
                                    + " app; the others use a mobile browser.");

    // ---- purchases and RFM

    public static final ConfigOption<Double> PURCHASE_RATE =
            ConfigOptions.key("purchases.rate")
                    .doubleType()
                    .defaultValue(0.03)
                    .withDescription(
                            "Purchase probability of one click by a logged-in customer whose RFM"
                                    + " score is 3 (the middle).");

    public static final ConfigOption<Double> PURCHASE_RFM_EXPONENT =
            ConfigOptions.key("purchases.rfm_exponent")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "A customer's purchase probability is purchases.rate * (rfm_score / 3)"
                                    + " ^ this, capped at 0.5.");

    public static final ConfigOption<Double> PURCHASE_ANONYMOUS_RATE =
            ConfigOptions.key("purchases.anonymous_rate")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription(
                            "Purchase probability of one click by an anonymous human (guest"
                                    + " checkout).");

    public static final ConfigOption<Double> PURCHASE_DELAY_MINUTES =
            ConfigOptions.key("purchases.delay_median_minutes")
                    .doubleType()
                    .defaultValue(20.0)
                    .withDescription("Median minutes from the click to its purchase (log-normal).");

    public static final ConfigOption<Double> RFM_HIGH_SHARE =
            ConfigOptions.key("rfm.high_share")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Share of human customers with a high RFM profile (each score 4 or"
                                    + " 5).");

    // ---- ads

    public static final ConfigOption<Integer> AD_COUNT =
            ConfigOptions.key("ads.count")
                    .intType()
                    .defaultValue(5_000)
                    .withDescription("Number of distinct ads.");

    public static final ConfigOption<Integer> ADS_PER_ADVERTISER =
            ConfigOptions.key("ads.per_advertiser")
                    .intType()
                    .defaultValue(25)
                    .withDescription("Ads per advertiser (ad i belongs to advertiser i / this).");

    public static final ConfigOption<Double> AD_ZIPF_EXPONENT =
            ConfigOptions.key("ads.zipf_exponent")
                    .doubleType()
                    .defaultValue(1.1)
                    .withDescription("Zipf exponent of ad popularity among humans (0 = uniform).");

    // ---- robots

    public static final ConfigOption<Integer> CRAWLER_COUNT =
            ConfigOptions.key("crawler.count")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "High-velocity crawlers, each on one data-centre IP, no daily rhythm.");

    public static final ConfigOption<Integer> CRAWLER_DECLARED =
            ConfigOptions.key("crawler.declared")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "How many of the crawlers declare themselves with a bot user agent"
                                    + " (Googlebot-like); the rest pose as browsers. At most"
                                    + " crawler.count.");

    public static final ConfigOption<Double> CRAWLER_CLICKS_PER_MINUTE =
            ConfigOptions.key("crawler.clicks_per_minute")
                    .doubleType()
                    .defaultValue(12.0)
                    .withDescription("Mean clicks per minute of one crawler.");

    public static final ConfigOption<Integer> BOTNET_HOSTS =
            ConfigOptions.key("botnet.hosts")
                    .intType()
                    .defaultValue(5_000)
                    .withDescription(
                            "Hosts of the distributed botnet, each with its own residential IP.");

    public static final ConfigOption<Double> BOTNET_CLICKS_PER_HOST_PER_DAY =
            ConfigOptions.key("botnet.clicks_per_host_per_day")
                    .doubleType()
                    .defaultValue(4.0)
                    .withDescription(
                            "Mean clicks per botnet host per day, spread evenly over the clock.");

    public static final ConfigOption<Double> BOTNET_ROTATING_SHARE =
            ConfigOptions.key("botnet.rotating_share")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Share of botnet hosts that take a new residential-proxy IP on every"
                                    + " click instead of keeping one; no IP of theirs is seen"
                                    + " twice (truth kind botnet_rotating).");

    public static final ConfigOption<Integer> BOTNET_TARGET_ADS =
            ConfigOptions.key("botnet.target_ads")
                    .intType()
                    .defaultValue(20)
                    .withDescription("Ads the botnet is paid to click (drawn once per run).");

    public static final ConfigOption<Integer> FARM_COUNT =
            ConfigOptions.key("click_farm.farms")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Click farms: many logged-in accounts behind few IPs, human pacing, no"
                                    + " purchases.");

    public static final ConfigOption<Integer> FARM_ACCOUNTS =
            ConfigOptions.key("click_farm.accounts_per_farm")
                    .intType()
                    .defaultValue(80)
                    .withDescription("Accounts per click farm.");

    public static final ConfigOption<Double> FARM_LOGGED_IN_SHARE =
            ConfigOptions.key("click_farm.logged_in_share")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Share of click-farm accounts that click logged in (with a fresh"
                                    + " low-RFM customer row); the others click anonymously.");

    public static final ConfigOption<Integer> FARM_IPS =
            ConfigOptions.key("click_farm.ips_per_farm")
                    .intType()
                    .defaultValue(2)
                    .withDescription("IPs per click farm.");

    public static final ConfigOption<Double> FARM_SESSIONS_PER_DAY =
            ConfigOptions.key("click_farm.sessions_per_account_per_day")
                    .doubleType()
                    .defaultValue(8.0)
                    .withDescription(
                            "Mean sessions per farm account per day, all inside the farm's shift.");

    public static final ConfigOption<String> FARM_ZONE =
            ConfigOptions.key("click_farm.zone")
                    .stringType()
                    .defaultValue("Asia/Manila")
                    .withDescription("Time zone of the click farms' working shift.");

    public static final ConfigOption<Integer> FARM_SHIFT_START =
            ConfigOptions.key("click_farm.shift_start_hour")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Local hour at which the farms' shift starts.");

    public static final ConfigOption<Integer> FARM_SHIFT_HOURS =
            ConfigOptions.key("click_farm.shift_hours")
                    .intType()
                    .defaultValue(12)
                    .withDescription("Length of the farms' shift in hours.");

    public static final ConfigOption<Integer> STOLEN_ACCOUNTS =
            ConfigOptions.key("stolen.accounts")
                    .intType()
                    .defaultValue(400)
                    .withDescription(
                            "Customer accounts taken over by bots (logged in, residential"
                                    + " proxies).");

    public static final ConfigOption<Double> STOLEN_HIGH_RFM_SHARE =
            ConfigOptions.key("stolen.high_rfm_share")
                    .doubleType()
                    .defaultValue(0.4)
                    .withDescription(
                            "Share of stolen accounts that belong to high-RFM customers (weak"
                                    + " labels call their clicks human).");

    public static final ConfigOption<Double> STOLEN_CLICKS_PER_DAY =
            ConfigOptions.key("stolen.clicks_per_day")
                    .doubleType()
                    .defaultValue(40.0)
                    .withDescription(
                            "Mean clicks per stolen account per day, in fast sessions of about"
                                    + " ten.");

    public static final ConfigOption<Double> STOLEN_PURCHASE_RATE =
            ConfigOptions.key("stolen.purchase_rate")
                    .doubleType()
                    .defaultValue(0.002)
                    .withDescription(
                            "Purchase probability of one stolen-account click (fraudulent"
                                    + " orders).");

    public static final ConfigOption<Integer> LOW_AND_SLOW_BOTS =
            ConfigOptions.key("low_and_slow.bots")
                    .intType()
                    .defaultValue(2_000)
                    .withDescription(
                            "Low-and-slow bots: few clicks each, one residential IP each, copying"
                                    + " the human daily rhythm.");

    public static final ConfigOption<Double> LOW_AND_SLOW_CLICKS_PER_DAY =
            ConfigOptions.key("low_and_slow.clicks_per_day")
                    .doubleType()
                    .defaultValue(10.0)
                    .withDescription("Mean clicks per low-and-slow bot per day.");

    public static final ConfigOption<Double> DECLARED_AGENT_SHARE =
            ConfigOptions.key("robots.declared_agent_share")
                    .doubleType()
                    .defaultValue(0.02)
                    .withDescription(
                            "Share of non-crawler robot actors that send a declared-bot or"
                                    + " scripting user agent.");

    public static final ConfigOption<Double> ROBOT_APP_SHARE =
            ConfigOptions.key("robots.app_share")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "Share of botnet, click-farm, stolen-account and low-and-slow actors"
                                    + " moved to the app device (with an app user agent), so that"
                                    + " robots look like an app-only audience; 0 keeps each kind's"
                                    + " own device mix.");

    /** Every option, in documentation order. */
    public static final List<ConfigOption<?>> ALL =
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
                    APP_USER_AGENTS,
                    GATEWAY_USER_SHARE,
                    GATEWAY_COUNT,
                    GATEWAY_OFFICE_SHARE,
                    GATEWAY_CARRIER_APP_SHARE,
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
                    BOTNET_ROTATING_SHARE,
                    BOTNET_TARGET_ADS,
                    FARM_COUNT,
                    FARM_ACCOUNTS,
                    FARM_LOGGED_IN_SHARE,
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
                    DECLARED_AGENT_SHARE,
                    ROBOT_APP_SHARE);
}
