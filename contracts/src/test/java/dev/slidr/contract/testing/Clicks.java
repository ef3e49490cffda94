package dev.slidr.contract.testing;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data builders for clicks with named times, shared by every module's tests.
 *
 * <pre>{@code
 * Click first = Clicks.click("alice", "10.0.0.1", T0);
 * Click later = Clicks.builder("alice", "10.0.0.1", T0.plus(Duration.ofMinutes(3))).ad("ad-7").build();
 * }</pre>
 */
public final class Clicks {

    /** Monday 2026-03-02 09:00 UTC: a named origin for test timelines. */
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    private Clicks() {}

    /** A logged-in desktop click by {@code user} from {@code ip} at {@code at}. */
    public static Click click(String user, String ip, Instant at) {
        return builder(user, ip, at).build();
    }

    /** A builder that starts as {@link #click(String, String, Instant)} would. */
    public static Builder builder(String user, String ip, Instant at) {
        return new Builder(user, ip, at);
    }

    /** {@code T0} plus the given duration. */
    public static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    /** Mutable builder; every setter returns {@code this}. */
    public static final class Builder {
        private String clickId = "c-" + IDS.incrementAndGet();
        private Instant at;
        private String userId;
        private String sessionId;
        private String ip;
        private String userAgent =
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/126.0 Safari/537.36";
        private Device device = Device.DESKTOP;
        private boolean loggedIn = true;
        private String adId = "ad-1";
        private String advertiserId = "adv-1";
        private String placement = "search-top";

        private Builder(String user, String ip, Instant at) {
            this.userId = user;
            this.sessionId = "s-" + user;
            this.ip = ip;
            this.at = at;
        }

        public Builder clickId(String value) {
            clickId = value;
            return this;
        }

        public Builder at(Instant value) {
            at = value;
            return this;
        }

        public Builder session(String value) {
            sessionId = value;
            return this;
        }

        /** Not logged in: no user id, counters keyed by the session id. */
        public Builder anonymous() {
            loggedIn = false;
            userId = null;
            return this;
        }

        public Builder userAgent(String value) {
            userAgent = value;
            return this;
        }

        public Builder device(Device value) {
            device = value;
            return this;
        }

        public Builder ad(String value) {
            adId = value;
            return this;
        }

        public Builder advertiser(String value) {
            advertiserId = value;
            return this;
        }

        public Builder placement(String value) {
            placement = value;
            return this;
        }

        public Click build() {
            return new Click(
                    clickId,
                    at.toEpochMilli(),
                    userId,
                    sessionId,
                    ip,
                    userAgent,
                    device,
                    loggedIn,
                    adId,
                    advertiserId,
                    placement);
        }
    }
}
