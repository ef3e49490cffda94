package dev.slidr.rules.privacy;

import java.util.Base64;

/** Fixed HMAC secrets for tests (never used outside them). */
public final class TestingKeys {

    /** 32 bytes 0x00..0x1f, base64. */
    public static final String SECRET_A = base64(32, 0);

    /** 48 bytes 0x40.., base64. */
    public static final String SECRET_B = base64(48, 0x40);

    private TestingKeys() {}

    public static HmacKey keyA() {
        return HmacKey.fromBase64("k1", SECRET_A);
    }

    public static HmacKey keyB() {
        return HmacKey.fromBase64("k2", SECRET_B);
    }

    public static PrivacyConfig privacyA() {
        return PrivacyConfig.builder().keyId("k1").base64Secret(SECRET_A).build();
    }

    /** Base64 of {@code length} bytes counting up from {@code first}. */
    public static String base64(int length, int first) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
