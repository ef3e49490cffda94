package dev.slidr.rules.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Reading the HMAC key from configuration and the environment. */
class PrivacyConfigTest {

    @Test
    void readsTheSecretAndKeyIdFromConfiguration() {
        Configuration conf = new Configuration();
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_B);
        conf.set(PrivacyOptions.HMAC_KEY_ID, "2026-03");

        PrivacyConfig config = PrivacyConfig.fromConfiguration(conf, Map.of());

        assertThat(config.key()).isEqualTo(HmacKey.fromBase64("2026-03", TestingKeys.SECRET_B));
        assertThat(config.newPseudonymizer().pseudonym(IdentifierKind.IP, "192.0.2.1"))
                .startsWith("i.2026-03.");
    }

    @Test
    void fallsBackToTheEnvironmentVariable() {
        PrivacyConfig config =
                PrivacyConfig.fromConfiguration(
                        new Configuration(), Map.of("SLIDR_HMAC_KEY", TestingKeys.SECRET_A));

        assertThat(config.key()).isEqualTo(TestingKeys.keyA());
    }

    @Test
    void configurationWinsOverTheEnvironment() {
        Configuration conf = new Configuration();
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_B);

        PrivacyConfig config =
                PrivacyConfig.fromConfiguration(
                        conf, Map.of("SLIDR_HMAC_KEY", TestingKeys.SECRET_A));

        assertThat(config.key()).isEqualTo(HmacKey.fromBase64("k1", TestingKeys.SECRET_B));
    }

    @Test
    void refusesToStartWithoutAnyKey() {
        assertThatThrownBy(() -> PrivacyConfig.fromConfiguration(new Configuration(), Map.of()))
                .isInstanceOf(InvalidHmacKeyException.class)
                .hasMessageContaining("SLIDR_HMAC_KEY");
    }

    @Test
    void refusesAShortKeyFromTheEnvironment() {
        assertThatThrownBy(
                        () ->
                                PrivacyConfig.fromConfiguration(
                                        new Configuration(),
                                        Map.of("SLIDR_HMAC_KEY", TestingKeys.base64(16, 0))))
                .isInstanceOfSatisfying(
                        InvalidHmacKeyException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(InvalidHmacKeyException.Reason.TOO_SHORT));
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(TestingKeys.privacyA().toString())
                .contains("k1")
                .doesNotContain(TestingKeys.SECRET_A);
    }

    @Test
    void theSecretOptionIsMaskedByFlink() {
        assertThat(
                        org.apache.flink.configuration.GlobalConfiguration.isSensitive(
                                PrivacyOptions.HMAC_SECRET.key()))
                .isTrue();
    }
}
