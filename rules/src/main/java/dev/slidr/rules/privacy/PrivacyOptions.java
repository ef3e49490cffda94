package dev.slidr.rules.privacy;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings of ingress pseudonymization.
 *
 * <p>The secret's key contains {@code secret}, so Flink masks its value in logs and the web UI.
 */
public final class PrivacyOptions {

    /** Environment variable read when {@link #HMAC_SECRET} is not set. */
    public static final String HMAC_SECRET_ENV = "SLIDR_HMAC_KEY";

    public static final ConfigOption<String> HMAC_SECRET =
            ConfigOptions.key("slidr.privacy.hmac.secret")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Base64 secret (at least 32 bytes once decoded) of the HMAC-SHA256 that"
                                    + " pseudonymizes user ids, session ids and IPs at ingress."
                                    + " When unset, the environment variable "
                                    + HMAC_SECRET_ENV
                                    + " is read; when both are missing the job refuses to"
                                    + " start.");

    public static final ConfigOption<String> HMAC_KEY_ID =
            ConfigOptions.key("slidr.privacy.hmac.key-id")
                    .stringType()
                    .defaultValue("k1")
                    .withDescription(
                            "Id of the HMAC secret (1 to 16 letters, digits or dashes), written"
                                    + " into every pseudonym. Give each new secret a new id when"
                                    + " rotating, so that pseudonyms made with the old and the new"
                                    + " secret can be told apart.");

    private PrivacyOptions() {}
}
