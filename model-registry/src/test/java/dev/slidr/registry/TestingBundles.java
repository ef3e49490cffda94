package dev.slidr.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds bundle writers with named times and small, distinct file contents. */
final class TestingBundles {

    static final Instant T0 = Instant.parse("2025-06-09T03:00:00Z");
    static final Instant DATA_FROM = Instant.parse("2025-06-02T00:00:00Z");
    static final Instant DATA_TO = Instant.parse("2025-06-09T00:00:00Z");
    static final List<String> FEATURES =
            List.of("user_clicks_1m", "user_clicks_1h", "ip_users_24h");

    /** The key every test bundle is signed with. */
    static final BundleSigner SIGNER = BundleSigner.of(SigningKeys.generate().getPrivate());

    /** Trusts {@link #SIGNER}; unsigned bundles refused. */
    static final BundleTrust TRUST = BundleTrust.of(List.of(SIGNER.publicKey()));

    private TestingBundles() {}

    /** A registry that trusts the test key. */
    static ModelRegistry open(java.nio.file.Path dir) {
        return ModelRegistry.open(dir).withTrust(TRUST);
    }

    /** A registry at a URI that trusts the test key. */
    static ModelRegistry open(String uri) {
        return ModelRegistry.open(uri).withTrust(TRUST);
    }

    /** A complete writer for a version, signed; the model bytes depend on the version. */
    static BundleWriter writer(String version) {
        return new BundleWriter(version)
                .signedWith(SIGNER)
                .parentVersion(null)
                .createdAt(T0)
                .featureVersion("v1")
                .featureNames(FEATURES)
                .dataRange(DATA_FROM, DATA_TO)
                .referenceFeatures(new float[] {0f, 3f, 12.5f})
                .model(("onnx bytes of " + version).getBytes(StandardCharsets.UTF_8))
                .calibration(
                        ("{\"format_version\": 1, \"calibration_version\": \"c-" + version + "\"}")
                                .getBytes(StandardCharsets.UTF_8))
                .report("<html><body>report</body></html>".getBytes(StandardCharsets.UTF_8))
                .metrics(
                        ManifestCodec.metricsOf(
                                Map.of("holdout", Map.of("auc", 0.93, "ivr", 0.12, "fpr", 0.018))))
                .guardrails(
                        List.of(
                                new BundleManifest.Guardrail("holdout_fpr", true, "0.018 <= 0.02"),
                                new BundleManifest.Guardrail("no_nan", true, "")));
    }
}
