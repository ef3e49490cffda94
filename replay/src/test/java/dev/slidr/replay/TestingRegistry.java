package dev.slidr.replay;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A registry of test models that share one ONNX graph and differ in their per-slice thresholds: 0
 * flags every scored click of a slice, {@code NEVER} flags none.
 */
final class TestingRegistry {

    static final Instant T0 = Instant.parse("2026-03-02T03:00:00Z");

    /** Invalidates nothing: a score never reaches it. */
    static final double NEVER = Math.nextUp(1.0);

    private TestingRegistry() {}

    /** Signs every test bundle; the registries {@link #open} makes trust it. */
    static final BundleSigner SIGNER = BundleSigner.of(SigningKeys.generate().getPrivate());

    static ModelRegistry open(Path dir) {
        return ModelRegistry.open(dir).withTrust(BundleTrust.of(List.of(SIGNER.publicKey())));
    }

    /**
     * Registers {@code version} with {@code thresholds} by slice name, {@code otherwise} for the
     * rest.
     */
    static void register(
            ModelRegistry registry,
            String version,
            Map<String, Double> thresholds,
            double otherwise)
            throws Exception {
        TestModels models = TestModels.get();
        FeatureSchema schema = FeatureSchema.CURRENT;
        registry.register(
                new BundleWriter(version)
                        .signedWith(SIGNER)
                        .createdAt(T0)
                        .featureVersion(schema.version())
                        .featureNames(schema.names())
                        .dataRange(T0.minusSeconds(7 * 86_400), T0)
                        .referenceFeatures(Arrays.copyOf(models.reference(), schema.size()))
                        .model(models.onnx())
                        .calibration(
                                calibration(version, thresholds, otherwise)
                                        .getBytes(StandardCharsets.UTF_8))
                        .guardrails(
                                List.of(new BundleManifest.Guardrail("holdout_fpr", true, "ok"))));
    }

    static String calibration(String version, Map<String, Double> thresholds, double otherwise) {
        StringJoiner slices = new StringJoiner(",");
        for (Slice slice : Slicing.DEVICE_AND_LOGIN.slices()) {
            slices.add(
                    String.format(
                            Locale.ROOT,
                            "{\"slice\": \"%s\", \"threshold\": %s, \"chosen_fpr\": 0.02,"
                                    + " \"fit\": {\"a\": -9.8, \"b\": 2.7, \"c\": 0.14},"
                                    + " \"expected_ivr\": 0.19, \"ivr\": 0.19, \"fpr\": 0.02,"
                                    + " \"coverage\": 0.66, \"min_coverage\": 0.3,"
                                    + " \"clicks\": 48000, \"purchasing_clicks\": 4000,"
                                    + " \"high_velocity_clicks\": 9000, \"exact_fpr\": 0.02}",
                            slice.name(),
                            Double.toString(thresholds.getOrDefault(slice.name(), otherwise))));
        }
        return "{\"format_version\": 1, \"calibration_version\": \"c-"
                + version
                + "\", \"budget\": 0.02, \"fitted_objective\": 0.181,"
                + " \"realized_objective\": 0.179, \"exact_objective\": 0.18,"
                + " \"exact_discretized\": false, \"realized_fpr\": 0.0199,"
                + " \"kkt\": {\"budget_multiplier\": 1.6,"
                + " \"stationarity\": 0, \"complementary_slackness\": 0,"
                + " \"primal_feasibility\": 0, \"dual_feasibility\": 0, \"tolerance\": 1e-6,"
                + " \"satisfied\": true}, \"slices\": ["
                + slices
                + "]}";
    }
}
