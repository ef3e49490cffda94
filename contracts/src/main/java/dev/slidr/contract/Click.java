package dev.slidr.contract;

import java.util.Objects;

/**
 * One ad click as it arrives on the clicks topic (contract version {@link #CONTRACT_VERSION}).
 *
 * <p>The user key for behaviour counters is {@link #userKey()}: the user id when logged in, else
 * the session id. Instances are only built from validated input, so every field except {@code
 * userId} is non-null.
 */
public record Click(
        String clickId,
        long ts,
        String userId,
        String sessionId,
        String ip,
        String userAgent,
        Device device,
        boolean loggedIn,
        String adId,
        String advertiserId,
        String placement) {

    public static final int CONTRACT_VERSION = 1;

    public Click {
        Objects.requireNonNull(clickId, "clickId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(adId, "adId");
        Objects.requireNonNull(advertiserId, "advertiserId");
        Objects.requireNonNull(placement, "placement");
    }

    /** The key of the per-user counters: user id when the click is logged in, else session id. */
    public String userKey() {
        return loggedIn && userId != null ? userId : sessionId;
    }
}
