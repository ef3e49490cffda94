package dev.slidr.rules.privacy;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.testing.Clicks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pseudonyms of user ids, session ids and IPs. */
class PseudonymizerTest {

    private static final String PSEUDONYM = "[usi]\\.k[12]\\.[A-Za-z0-9_-]{22}";

    private final Pseudonymizer a = new Pseudonymizer(TestingKeys.keyA());
    private final Pseudonymizer b = new Pseudonymizer(TestingKeys.keyB());

    @Test
    void replacesUserSessionAndIpWithPrefixedPseudonyms() {
        Click raw = Clicks.builder("alice", "198.51.100.7", T0).session("sess-42").build();

        Click safe = a.pseudonymize(raw);

        assertThat(safe.userId()).startsWith("u.k1.").matches(PSEUDONYM);
        assertThat(safe.sessionId()).startsWith("s.k1.").matches(PSEUDONYM);
        assertThat(safe.ip()).startsWith("i.k1.").matches(PSEUDONYM);
    }

    @Test
    void keepsEveryOtherFieldAsItWas() {
        Click raw =
                Clicks.builder("alice", "198.51.100.7", T0).ad("ad-9").advertiser("adv-3").build();

        Click safe = a.pseudonymize(raw);

        assertThat(safe)
                .usingRecursiveComparison()
                .ignoringFields("userId", "sessionId", "ip")
                .isEqualTo(raw);
    }

    @Test
    void isDeterministicForOneKeyAcrossInstances() {
        Click raw = Clicks.click("alice", "198.51.100.7", T0);
        Pseudonymizer again = new Pseudonymizer(TestingKeys.keyA());

        assertThat(again.pseudonymize(raw)).isEqualTo(a.pseudonymize(raw));
        assertThat(a.pseudonymize(raw)).isEqualTo(a.pseudonymize(raw));
    }

    @Test
    void differentKeysGiveDifferentPseudonyms() {
        assertThat(digest(b.pseudonym(IdentifierKind.USER, "alice")))
                .isNotEqualTo(digest(a.pseudonym(IdentifierKind.USER, "alice")));
        assertThat(b.pseudonym(IdentifierKind.USER, "alice")).startsWith("u.k2.");
    }

    @Test
    void sameTextAsUserAndAsSessionNeverCollides() {
        assertThat(digest(a.pseudonym(IdentifierKind.USER, "x-1")))
                .isNotEqualTo(digest(a.pseudonym(IdentifierKind.SESSION, "x-1")));
        assertThat(digest(a.pseudonym(IdentifierKind.IP, "x-1")))
                .isNotEqualTo(digest(a.pseudonym(IdentifierKind.SESSION, "x-1")));
    }

    @Test
    void differentIdentifiersGetDifferentPseudonyms() {
        assertThat(a.pseudonym(IdentifierKind.USER, "alice"))
                .isNotEqualTo(a.pseudonym(IdentifierKind.USER, "alicf"));
    }

    @Test
    void everySpellingOfAnAddressGetsOnePseudonym() {
        String v6 = ip("2001:db8::1");
        assertThat(ip("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo(v6);
        assertThat(ip(" 2001:db8:0:0::1 ")).isEqualTo(v6);

        String v4 = ip("192.0.2.1");
        assertThat(ip("::ffff:192.0.2.1")).isEqualTo(v4);
        assertThat(ip("192.0.2.2")).isNotEqualTo(v4);
    }

    @Test
    void keepsAMissingUserIdMissing() {
        Click anonymous = Clicks.builder("bob", "192.0.2.1", T0).anonymous().build();

        Click safe = a.pseudonymize(anonymous);

        assertThat(safe.userId()).isNull();
        assertThat(safe.userKey()).isEqualTo(safe.sessionId()).startsWith("s.k1.");
    }

    @Test
    void noRawIdentifierSurvivesInToStringOrJson() {
        Click raw =
                Clicks.builder("alice.smith@example.com", "2001:db8:85a3::8a2e:370:7334", T0)
                        .session("session-a1b2c3")
                        .build();

        Click safe = a.pseudonymize(raw);
        String text = safe.toString();
        String json = new String(ContractJson.write(safe), StandardCharsets.UTF_8);

        for (String raw1 :
                new String[] {
                    "alice.smith@example.com",
                    "alice",
                    "session-a1b2c3",
                    "2001:db8:85a3::8a2e:370:7334",
                    "8a2e"
                }) {
            assertThat(text).doesNotContain(raw1);
            assertThat(json).doesNotContain(raw1);
        }
    }

    @Test
    void anUnparsableIpIsStillPseudonymizedNeverPassedThrough() {
        Click odd = Clicks.click("alice", "not-an-ip", T0);

        Click safe = a.pseudonymize(odd);

        assertThat(safe.ip()).startsWith("i.k1.").doesNotContain("not-an-ip");
    }

    private String ip(String text) {
        return a.pseudonymize(Clicks.click("alice", text, T0)).ip();
    }

    private static String digest(String pseudonym) {
        return pseudonym.substring(pseudonym.lastIndexOf('.') + 1);
    }
}
