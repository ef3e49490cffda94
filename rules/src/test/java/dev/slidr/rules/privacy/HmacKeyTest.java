package dev.slidr.rules.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.rules.privacy.InvalidHmacKeyException.Reason;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Validation of HMAC secrets and key ids. */
class HmacKeyTest {

    @Test
    void acceptsA32ByteBase64Secret() {
        HmacKey key = HmacKey.fromBase64("k1", TestingKeys.SECRET_A);

        assertThat(key.keyId()).isEqualTo("k1");
        assertThat(key.secret()).hasSize(32);
    }

    @Test
    void acceptsUrlSafeBase64WithoutPadding() {
        byte[] bytes = new byte[33];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0xfb + i * 7);
        }
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(urlSafe).containsAnyOf("-", "_");
        assertThat(HmacKey.fromBase64("k1", urlSafe).secret()).isEqualTo(bytes);
    }

    @Test
    void refusesAMissingSecret() {
        for (String missing : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> HmacKey.fromBase64("k1", missing))
                    .isInstanceOfSatisfying(
                            InvalidHmacKeyException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
            assertThatThrownBy(() -> PrivacyConfig.builder().base64Secret(missing).build())
                    .isInstanceOfSatisfying(
                            InvalidHmacKeyException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING))
                    .hasMessageContaining("slidr.privacy.hmac.secret")
                    .hasMessageContaining("SLIDR_HMAC_KEY");
        }
    }

    @Test
    void refusesMalformedBase64WithoutEchoingTheKey() {
        String malformed = "this is not base64 at all! secret-material";

        assertThatThrownBy(() -> HmacKey.fromBase64("k1", malformed))
                .isInstanceOfSatisfying(
                        InvalidHmacKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("secret-material")
                .hasMessageNotContaining("base64 at all");
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> HmacKey.fromBase64("k1", TestingKeys.base64(31, 1)))
                .isInstanceOfSatisfying(
                        InvalidHmacKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SHORT))
                .hasMessageContaining("31 bytes")
                .hasMessageContaining("at least 32");
    }

    @Test
    void refusesAnOversizedSecret() {
        assertThatThrownBy(() -> HmacKey.fromBase64("k1", TestingKeys.base64(4096, 1)))
                .isInstanceOfSatisfying(
                        InvalidHmacKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
        assertThatThrownBy(() -> HmacKey.of("k1", new byte[HmacKey.MAX_BYTES + 1]))
                .isInstanceOfSatisfying(
                        InvalidHmacKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void refusesKeyIdsThatCannotBeWrittenIntoAPseudonym() {
        for (String bad : new String[] {null, "", "k.1", "a b", "k1/..", "x".repeat(17)}) {
            assertThatThrownBy(() -> HmacKey.fromBase64(bad, TestingKeys.SECRET_A))
                    .isInstanceOfSatisfying(
                            InvalidHmacKeyException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_KEY_ID));
        }
    }

    @Test
    void toStringShowsTheKeyIdButNotTheSecret() {
        HmacKey key = TestingKeys.keyA();

        assertThat(key.toString())
                .contains("k1")
                .doesNotContain(TestingKeys.SECRET_A)
                .doesNotContain(TestingKeys.SECRET_A.substring(0, 8));
    }

    @Test
    void copiesTheSecretSoCallersCannotChangeIt() {
        byte[] bytes = new byte[32];
        HmacKey key = HmacKey.of("k1", bytes);
        bytes[0] = 42;

        assertThat(key.secret()[0]).isZero();
        key.secret()[1] = 42;
        assertThat(key.secret()[1]).isZero();
    }
}
