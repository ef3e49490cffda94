package dev.slidr.contract;

import java.io.IOException;

/** Decodes a click record's fields. */
final class ClickFields extends SeenFields implements RecordFields<Click> {
    private static final String[] NAMES = {
        "click_id",
        "ts",
        "user_id",
        "session_id",
        "ip",
        "user_agent",
        "device",
        "logged_in",
        "ad_id",
        "advertiser_id",
        "placement"
    };
    // every field but user_id (bit 2), which may be absent for anonymous clicks
    private static final long REQUIRED = 0b111_1111_1011L;

    private final FieldRules rules;
    private String clickId;
    private long ts;
    private String userId;
    private String sessionId;
    private String ip;
    private String userAgent;
    private Device device;
    private boolean loggedIn;
    private String adId;
    private String advertiserId;
    private String placement;

    ClickFields(FieldRules rules) {
        super(NAMES, REQUIRED);
        this.rules = rules;
    }

    @Override
    public boolean read(String name, FieldCursor in) throws IOException, ContractViolation {
        switch (name) {
            case "click_id" -> {
                clickId = in.identifier(name);
                mark(0);
            }
            case "ts" -> {
                ts = in.timestamp(name);
                mark(1);
            }
            case "user_id" -> {
                userId = in.nullableIdentifier(name);
                mark(2);
            }
            case "session_id" -> {
                sessionId = in.identifier(name);
                mark(3);
            }
            case "ip" -> {
                ip = in.ip(name);
                mark(4);
            }
            case "user_agent" -> {
                userAgent = in.text(name);
                mark(5);
            }
            case "device" -> {
                device = in.device(name);
                mark(6);
            }
            case "logged_in" -> {
                loggedIn = in.bool(name);
                mark(7);
            }
            case "ad_id" -> {
                adId = in.identifier(name);
                mark(8);
            }
            case "advertiser_id" -> {
                advertiserId = in.identifier(name);
                mark(9);
            }
            case "placement" -> {
                placement = in.identifier(name);
                mark(10);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public Click build() throws ContractViolation {
        requireAll();
        if (loggedIn && userId == null) {
            throw new ContractViolation(
                    ReasonCode.NULL_FIELD, "user_id must not be null when logged_in is true");
        }
        return new Click(
                clickId,
                ts,
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
