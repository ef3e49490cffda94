package dev.slidr.rules.privacy;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated, immutable settings of ingress pseudonymization, built once from {@link
 * PrivacyOptions}.
 *
 * <pre>{@code
 * PrivacyConfig privacy = PrivacyConfig.fromConfiguration(flinkConfig, System.getenv());
 * }</pre>
 */
public final class PrivacyConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final HmacKey key;

    private PrivacyConfig(HmacKey key) {
        this.key = key;
    }

    /**
     * Reads {@link PrivacyOptions}, falling back to {@value PrivacyOptions#HMAC_SECRET_ENV} in
     * {@code environment} for the secret.
     *
     * @throws InvalidHmacKeyException when the secret or key id is missing or unusable
     */
    public static PrivacyConfig fromConfiguration(
            ReadableConfig config, Map<String, String> environment) {
        String secret =
                config.getOptional(PrivacyOptions.HMAC_SECRET)
                        .orElse(environment.get(PrivacyOptions.HMAC_SECRET_ENV));
        return builder().keyId(config.get(PrivacyOptions.HMAC_KEY_ID)).base64Secret(secret).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The validated HMAC key. */
    public HmacKey key() {
        return key;
    }

    /** A fresh pseudonymizer (one per thread or function instance). */
    public Pseudonymizer newPseudonymizer() {
        return new Pseudonymizer(key);
    }

    @Override
    public String toString() {
        return "PrivacyConfig[" + key + "]";
    }

    /** Collects the settings; {@link #build()} validates them. */
    public static final class Builder {
        private String keyId = PrivacyOptions.HMAC_KEY_ID.defaultValue();
        private String base64Secret;

        private Builder() {}

        public Builder keyId(String value) {
            keyId = value;
            return this;
        }

        public Builder base64Secret(String value) {
            base64Secret = value;
            return this;
        }

        /**
         * @throws InvalidHmacKeyException when the secret or key id is missing or unusable
         */
        public PrivacyConfig build() {
            if (base64Secret == null || base64Secret.isBlank()) {
                throw new InvalidHmacKeyException(
                        InvalidHmacKeyException.Reason.MISSING,
                        "no HMAC key: set "
                                + PrivacyOptions.HMAC_SECRET.key()
                                + " or the environment variable "
                                + PrivacyOptions.HMAC_SECRET_ENV
                                + " to a base64 secret of at least "
                                + HmacKey.MIN_BYTES
                                + " bytes (e.g. `openssl rand -base64 32`)");
            }
            return new PrivacyConfig(
                    HmacKey.fromBase64(Objects.requireNonNullElse(keyId, ""), base64Secret));
        }
    }
}
