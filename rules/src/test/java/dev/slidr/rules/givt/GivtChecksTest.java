package dev.slidr.rules.givt;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Order and on/off behaviour of the stateless GIVT checks. */
class GivtChecksTest {

    private static final String HOSTED_IP = "203.0.113.10";
    private static final String HOME_IP = "198.51.100.20";

    private final GivtChecks checks =
            GivtChecks.create(
                    GivtConfig.builder()
                            .dataCentreRanges(DataCentreIpRanges.parse(List.of("203.0.113.0/24")))
                            .build());

    @Test
    void aBrowserFromAHomeAddressPasses() {
        assertThat(check(Clicks.click("alice", HOME_IP, T0))).isNull();
    }

    @Test
    void aDeclaredRobotIsFlagged() {
        Click bot = Clicks.builder("alice", HOME_IP, T0).userAgent(UserAgents.GOOGLEBOT).build();

        assertThat(check(bot)).isEqualTo(GivtReason.DECLARED_ROBOT);
    }

    @Test
    void aBrowserFromADataCentreIsFlagged() {
        assertThat(check(Clicks.click("alice", HOSTED_IP, T0)))
                .isEqualTo(GivtReason.DATA_CENTRE_IP);
    }

    @Test
    void theRobotCheckComesFirst() {
        Click both = Clicks.builder("alice", HOSTED_IP, T0).userAgent(UserAgents.CURL).build();

        assertThat(check(both)).isEqualTo(GivtReason.DECLARED_ROBOT);
    }

    @Test
    void disabledChecksNeverMatch() {
        GivtChecks off = new GivtChecks(null, DataCentreIpRanges.empty());
        Click both = Clicks.builder("alice", HOSTED_IP, T0).userAgent(UserAgents.CURL).build();

        assertThat(off.check(both, ClientIp.parse(both.ip()))).isNull();
    }

    @Test
    void anUnparsableIpSkipsOnlyTheDataCentreCheck() {
        Click odd = Clicks.builder("alice", "garbage", T0).userAgent(UserAgents.CURL).build();

        assertThat(checks.check(odd, null)).isEqualTo(GivtReason.DECLARED_ROBOT);
        assertThat(checks.check(Clicks.click("alice", "garbage", T0), null)).isNull();
    }

    private GivtReason check(Click click) {
        return checks.check(click, ClientIp.parse(click.ip()));
    }
}
