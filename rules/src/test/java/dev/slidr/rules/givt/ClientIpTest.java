package dev.slidr.rules.givt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and canonicalizing client IPs. */
class ClientIpTest {

    @Test
    void canonicalizesIpv6AndUnmapsIpv4() {
        assertThat(ClientIp.canonical(ClientIp.parse("2001:0DB8::0001"))).isEqualTo("2001:db8::1");
        assertThat(ClientIp.canonical(ClientIp.parse("::ffff:192.0.2.1"))).isEqualTo("192.0.2.1");
        assertThat(ClientIp.canonical(ClientIp.parse(" 192.0.2.1 "))).isEqualTo("192.0.2.1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "x",
                "192.0.2",
                "192.0.2.256",
                "192.0.2.0/24",
                "192.0.2.*",
                "192.0.2.1-9",
                "3232235777",
                "*"
            })
    void refusesAnythingButOneAddress(String text) {
        assertThat(ClientIp.parse(text)).isNull();
    }

    @Test
    void refusesNullAndOversizedText() {
        assertThat(ClientIp.parse(null)).isNull();
        assertThat(ClientIp.parse("1".repeat(100))).isNull();
    }
}
