package dev.slidr.rules.givt;

import dev.slidr.contract.Click;
import inet.ipaddr.IPAddress;

/**
 * The stateless GIVT checks, in order: declared robot by user agent, then data-centre IP. They need
 * the raw IP, so they run before pseudonymization.
 *
 * <pre>{@code
 * GivtChecks checks = GivtChecks.create(givtConfig);
 * GivtReason reason = checks.check(rawClick, ClientIp.parse(rawClick.ip()));
 * }</pre>
 */
public final class GivtChecks {

    private final RobotUserAgents robots;
    private final DataCentreIpRanges dataCentres;

    /**
     * @param robots the robot detector, or {@code null} to skip the declared-robot check
     * @param dataCentres the data-centre ranges (empty to skip the check)
     */
    public GivtChecks(RobotUserAgents robots, DataCentreIpRanges dataCentres) {
        this.robots = robots;
        this.dataCentres = dataCentres;
    }

    /** The checks a configuration enables; builds (or reuses) this JVM's YAUAA analyzer. */
    public static GivtChecks create(GivtConfig config) {
        RobotUserAgents robots =
                config.robotsEnabled()
                        ? RobotUserAgents.create(
                                config.userAgentCacheSize(),
                                config.robotDeviceClasses(),
                                config.robotAgentClasses())
                        : null;
        return new GivtChecks(robots, DataCentreIpRanges.of(config.dataCentreBlocks()));
    }

    /**
     * The first matching check's reason for a raw click, or {@code null} when none matched.
     *
     * @param rawIp the click's IP as {@link ClientIp#parse(String)} returned it ({@code null} when
     *     unparsable: the data-centre check then cannot match)
     */
    public GivtReason check(Click rawClick, IPAddress rawIp) {
        if (robots != null && robots.isRobot(rawClick.userAgent())) {
            return GivtReason.DECLARED_ROBOT;
        }
        if (dataCentres.contains(rawIp)) {
            return GivtReason.DATA_CENTRE_IP;
        }
        return null;
    }
}
