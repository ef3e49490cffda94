package dev.slidr.rules.givt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data-centre CIDR lists: lookups and malformed input. */
class DataCentreIpRangesTest {

    private static final DataCentreIpRanges RANGES =
            DataCentreIpRanges.read(
                    "test-list",
                    """
                    # test list
                    203.0.113.0/24   # documentation range, as a hosting provider
                    198.51.100.128/25

                    192.0.2.77
                    2001:db8:aa00::/40
                    """);

    @Test
    void matchesIpv4AddressesInsideABlockIncludingItsEdges() {
        assertThat(RANGES.contains(ClientIp.parse("203.0.113.0"))).isTrue();
        assertThat(RANGES.contains(ClientIp.parse("203.0.113.255"))).isTrue();
        assertThat(RANGES.contains(ClientIp.parse("198.51.100.128"))).isTrue();
        assertThat(RANGES.matchingRange(ClientIp.parse("203.0.113.9"))).isEqualTo("203.0.113.0/24");
    }

    @Test
    void doesNotMatchIpv4AddressesJustOutside() {
        assertThat(RANGES.contains(ClientIp.parse("203.0.112.255"))).isFalse();
        assertThat(RANGES.contains(ClientIp.parse("203.0.114.0"))).isFalse();
        assertThat(RANGES.contains(ClientIp.parse("198.51.100.127"))).isFalse();
        assertThat(RANGES.matchingRange(ClientIp.parse("8.8.8.8"))).isNull();
    }

    @Test
    void aBareAddressIsASingleAddressBlock() {
        assertThat(RANGES.contains(ClientIp.parse("192.0.2.77"))).isTrue();
        assertThat(RANGES.contains(ClientIp.parse("192.0.2.78"))).isFalse();
    }

    @Test
    void matchesIpv6InAnySpelling() {
        assertThat(RANGES.contains(ClientIp.parse("2001:db8:aa12::1"))).isTrue();
        assertThat(RANGES.contains(ClientIp.parse("2001:0DB8:AA12:ffff:0:0:0:1"))).isTrue();
        assertThat(RANGES.contains(ClientIp.parse("2001:db8:ab00::1"))).isFalse();
    }

    @Test
    void anIpv4MappedIpv6AddressMatchesItsIpv4Block() {
        assertThat(RANGES.contains(ClientIp.parse("::ffff:203.0.113.5"))).isTrue();
    }

    @Test
    void anUnparsableAddressMatchesNothing() {
        assertThat(RANGES.contains(null)).isFalse();
        assertThat(RANGES.contains(ClientIp.parse("203.0.113.*"))).isFalse();
    }

    @Test
    void keepsCanonicalBlocksThatRebuildTheSameRanges() {
        assertThat(RANGES.blocks())
                .containsExactly(
                        "203.0.113.0/24",
                        "198.51.100.128/25",
                        "192.0.2.77/32",
                        "2001:db8:aa00::/40");
        DataCentreIpRanges rebuilt = DataCentreIpRanges.of(RANGES.blocks());
        assertThat(rebuilt.contains(ClientIp.parse("2001:db8:aa12::1"))).isTrue();
        assertThat(rebuilt.size()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "203.0.113.0/33",
                "not-an-ip",
                "203.0.113",
                "203.0.113.0-255",
                "203.0.113.*",
                "2001:db8::/129",
                "10.0.0.0/255.0.0.0",
                "fe80::1%eth0/64"
            })
    void refusesMalformedLinesWithTheLineNumber(String bad) {
        assertThatThrownBy(
                        () -> DataCentreIpRanges.read("dc.txt", "# ok\n10.0.0.0/8\n" + bad + "\n"))
                .isInstanceOfSatisfying(
                        CidrListException.class,
                        e -> {
                            assertThat(e.lineNumber()).isEqualTo(3);
                            assertThat(e.source()).isEqualTo("dc.txt");
                        })
                .hasMessageStartingWith("dc.txt:3: ");
    }

    @Test
    void refusesBlocksWithHostBitsSetAndSuggestsTheBlock() {
        assertThatThrownBy(() -> DataCentreIpRanges.parse(List.of("10.1.0.0/8")))
                .isInstanceOf(CidrListException.class)
                .hasMessageContaining("host bits set")
                .hasMessageContaining("10.0.0.0/8");
    }

    @Test
    void refusesOverlongLines() {
        assertThatThrownBy(() -> DataCentreIpRanges.parse(List.of("1".repeat(300))))
                .isInstanceOf(CidrListException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void refusesFilesThatAreNotUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dc.txt");
        Files.write(file, new byte[] {'1', '0', '.', (byte) 0xff, (byte) 0xfe, '\n'});

        assertThatThrownBy(() -> DataCentreIpRanges.read(file))
                .isInstanceOf(CidrListException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void reportsAMissingFileClearly(@TempDir Path dir) {
        Path missing = dir.resolve("none.txt");

        assertThatThrownBy(() -> DataCentreIpRanges.read(missing))
                .isInstanceOf(CidrListException.class)
                .hasMessageContaining("none.txt")
                .hasMessageContaining("cannot read");
    }

    @Test
    void readsAListFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dc.txt");
        Files.writeString(file, "# cloud\n100.64.0.0/10\n");

        assertThat(DataCentreIpRanges.read(file).contains(ClientIp.parse("100.100.1.1"))).isTrue();
    }

    @Test
    void theBundledSampleLoadsAndHoldsWellKnownCloudAddresses() {
        DataCentreIpRanges sample =
                DataCentreIpRanges.readResource(DataCentreIpRanges.SAMPLE_RESOURCE);

        assertThat(sample.size()).isGreaterThan(10);
        assertThat(sample.contains(ClientIp.parse("35.188.1.1"))).isTrue(); // Google Cloud
        assertThat(sample.contains(ClientIp.parse("2a01:4f8:1:2::3"))).isTrue(); // Hetzner
        assertThat(sample.contains(ClientIp.parse("192.0.2.1"))).isFalse();
    }

    @Test
    void aMissingResourceIsAClearError() {
        assertThatThrownBy(() -> DataCentreIpRanges.readResource("givt/none.txt"))
                .isInstanceOf(CidrListException.class)
                .hasMessageContaining("classpath:givt/none.txt");
    }

    @Test
    void theEmptyListMatchesNothing() {
        assertThat(DataCentreIpRanges.empty().contains(ClientIp.parse("203.0.113.1"))).isFalse();
        assertThat(DataCentreIpRanges.empty().contains(ClientIp.parse("2001:db8::1"))).isFalse();
    }
}
