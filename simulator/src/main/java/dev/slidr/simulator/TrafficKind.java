package dev.slidr.simulator;

import java.util.Locale;
import java.util.Optional;

/** Who really made a click: the ground truth written to {@code truth.csv}, never to the click. */
public enum TrafficKind {
    /** A person on their own IP. */
    HUMAN(false),
    /** A person behind a shared gateway IP (office or mobile carrier NAT), hundreds per IP. */
    HUMAN_GATEWAY(false),
    /** A high-velocity crawler on one data-centre IP. */
    CRAWLER(true),
    /** A distributed botnet: many residential IPs, few clicks each, no daily rhythm. */
    BOTNET(true),
    /**
     * A botnet host on a new residential-proxy IP for every click ({@code botnet.rotating_share}):
     * no IP of its is seen twice.
     */
    BOTNET_ROTATING(true),
    /** A click farm: many logged-in accounts behind few IPs, human pacing, no purchases. */
    CLICK_FARM(true),
    /** A bot on a taken-over customer account, some of them high-RFM customers. */
    STOLEN_ACCOUNT(true),
    /** A bot clicking rarely from one IP, copying the human daily rhythm. */
    LOW_AND_SLOW(true);

    private final boolean robot;

    TrafficKind(boolean robot) {
        this.robot = robot;
    }

    public boolean isRobot() {
        return robot;
    }

    /** The name in {@code truth.csv} and {@code summary.json}, e.g. {@code click_farm}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; empty for anything else. */
    public static Optional<TrafficKind> fromWireName(String name) {
        for (TrafficKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
