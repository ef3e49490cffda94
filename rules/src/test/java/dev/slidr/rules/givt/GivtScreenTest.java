package dev.slidr.rules.givt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training leaves out exactly the clicks the live job's GIVT checks decide. */
class GivtScreenTest {

    private static final String GOOGLEBOT =
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private static final String BROWSER =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0 Safari/537.36";

    @TempDir Path tmp;

    private static Click click(String id, String ip, String agent) {
        return new Click(
                id,
                1_772_442_000_000L,
                "u-" + id,
                "s-" + id,
                ip,
                agent,
                Device.DESKTOP,
                true,
                "ad-1",
                "adv-1",
                "search-top");
    }

    @Test
    void namesTheGivtReasonOfDeclaredRobotsAndDataCentreAddressesAndPassesTheRest()
            throws Exception {
        Path ranges = Files.writeString(tmp.resolve("dc.txt"), "203.0.113.0/24\n");
        Configuration conf = new Configuration();
        conf.setString("slidr.givt.data-centre.ranges", ranges.toString());
        GivtScreen screen = GivtScreen.of(GivtConfig.fromConfiguration(conf));

        Click person = click("alice", "198.51.100.7", BROWSER);
        Click crawler = click("bot", "198.51.100.8", GOOGLEBOT);
        Click cloud = click("carol", "203.0.113.9", BROWSER);
        Click unparsable = click("dave", "not-an-ip", BROWSER);

        assertThat(screen.apply(person)).isNull();
        assertThat(screen.apply(crawler)).isEqualTo("givt_declared_robot");
        assertThat(screen.apply(cloud)).isEqualTo("givt_data_centre_ip");
        assertThat(screen.apply(unparsable)).isNull();
    }

    @Test
    void followsTheJobConfigurationWhenAChecksIsSwitchedOff() {
        Configuration conf = new Configuration();
        conf.setString("slidr.givt.robots.enabled", "false");
        Click crawler = click("bot", "198.51.100.8", GOOGLEBOT);

        assertThat(GivtScreen.of(GivtConfig.fromConfiguration(conf)).apply(crawler)).isNull();
        assertThat(GivtScreen.of(GivtConfig.fromConfiguration(new Configuration())).apply(crawler))
                .isEqualTo("givt_declared_robot");
    }
}
