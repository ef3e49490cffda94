package dev.slidr.rules.givt;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.AddressStringParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.List;
import java.util.SplittableRandom;
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

    /** The general parser's answer, as every address took before the dotted-quad fast path. */
    private static IPAddress viaLibrary(String text) {
        IPAddress address =
                new IPAddressString(
                                text.strip(),
                                new IPAddressStringParameters.Builder()
                                        .allowEmpty(false)
                                        .allowAll(false)
                                        .allowPrefix(false)
                                        .allowMask(false)
                                        .allowSingleSegment(false)
                                        .setRangeOptions(
                                                AddressStringParameters.RangeParameters.NO_RANGE)
                                        .allow_inet_aton(false)
                                        .toParams())
                        .getAddress();
        if (address == null || address.isMultiple()) {
            return null;
        }
        return address.isIPv6() && address.isIPv4Convertible() ? address.toIPv4() : address;
    }

    @Test
    void theDottedQuadFastPathGivesTheGeneralParsersAddress() {
        DataCentreIpRanges ranges = DataCentreIpRanges.of(List.of("10.0.0.0/8", "192.0.2.128/25"));
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 20_000; n++) {
            int value = n < 4 ? new int[] {0, -1, 0x0A000000, 0xC0000280}[n] : random.nextInt();
            String text =
                    (value >>> 24)
                            + "."
                            + ((value >>> 16) & 255)
                            + "."
                            + ((value >>> 8) & 255)
                            + "."
                            + (value & 255);
            IPAddress fast = ClientIp.parse(text);
            IPAddress library = viaLibrary(text);

            assertThat(fast).as(text).isEqualTo(library);
            assertThat(ClientIp.canonical(fast))
                    .isEqualTo(text)
                    .isEqualTo(library.toCanonicalString());
            assertThat(fast.isIPv4()).isTrue();
            assertThat(fast.isMultiple()).isFalse();
            assertThat(fast.isPrefixed()).isFalse();
            assertThat(ranges.contains(fast)).as(text).isEqualTo(ranges.contains(library));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "1.2.3.04", " 1.2.3.4", "1.2.3.4 ", "::ffff:1.2.3.4"})
    void leavesOtherSpellingsToTheGeneralParser(String text) {
        assertThat(ClientIp.parse(text)).isEqualTo(viaLibrary(text));
    }
}
