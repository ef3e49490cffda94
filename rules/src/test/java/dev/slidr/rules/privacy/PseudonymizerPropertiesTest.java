package dev.slidr.rules.privacy;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.testing.Clicks;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Properties of pseudonyms over generated addresses and identifiers. */
class PseudonymizerPropertiesTest {

    private final Pseudonymizer pseudonymizer = new Pseudonymizer(TestingKeys.keyA());

    @Property(tries = 300)
    void everySpellingOfAnIpv6AddressHasOnePseudonym(@ForAll @Size(16) byte[] bytes) {
        IPv6Address address = new IPv6Address(bytes);

        Set<String> pseudonyms =
                Stream.of(
                                address.toCanonicalString(),
                                address.toFullString(),
                                address.toFullString().toUpperCase(Locale.ROOT),
                                address.toNormalizedString(),
                                " " + address.toCompressedString() + " ")
                        .map(this::ipPseudonym)
                        .collect(Collectors.toSet());

        assertThat(pseudonyms).hasSize(1);
    }

    @Property(tries = 300)
    void anIpv4AddressAndItsMappedIpv6FormShareAPseudonym(@ForAll int value) {
        String dotted = new IPv4Address(value).toCanonicalString();

        assertThat(ipPseudonym("::ffff:" + dotted)).isEqualTo(ipPseudonym(dotted));
        assertThat(ipPseudonym("0:0:0:0:0:FFFF:" + dotted)).isEqualTo(ipPseudonym(dotted));
    }

    @Property(tries = 300)
    void aUserAndASessionWithTheSameTextNeverShareAPseudonymDigest(
            @ForAll @StringLength(min = 1, max = 64) String id) {
        String user = pseudonymizer.pseudonym(IdentifierKind.USER, id);
        String session = pseudonymizer.pseudonym(IdentifierKind.SESSION, id);

        assertThat(user.substring(5)).isNotEqualTo(session.substring(5));
        assertThat(user).hasSize(5 + 22);
    }

    private String ipPseudonym(String ip) {
        return pseudonymizer.pseudonymize(Clicks.click("u", ip, T0)).ip();
    }
}
