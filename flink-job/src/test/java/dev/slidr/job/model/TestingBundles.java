package dev.slidr.job.model;

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
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * Signed registry bundles of the inference tests' small network, which differ only in their
 * per-slice thresholds, and registries that trust their key: for every test that loads a model from
 * a registry (the job, the command line, replay).
 *
 * <pre>{@code
 * ModelRegistry registry = TestingBundles.registry(tmp.resolve("registry"));
 * registry.register(TestingBundles.bundle("m1", slice -> 0.5));
 * }</pre>
 */
public final class TestingBundles {

    /** When every test bundle was made; its data range ends here. */
    public static final Instant T0 = Instant.parse("2026-03-02T03:00:00Z");

    /** Signs every test bundle. */
    public static final BundleSigner SIGNER = BundleSigner.of(SigningKeys.generate().getPrivate());

    private TestingBundles() {}

    /** A registry at {@code dir} that trusts {@link #SIGNER}. */
    public static ModelRegistry registry(Path dir) {
        return ModelRegistry.open(dir).withTrust(trust());
    }

    /** Trust in {@link #SIGNER} alone. */
    public static BundleTrust trust() {
        return BundleTrust.of(List.of(SIGNER.publicKey()));
    }

    /**
     * Flips one byte of the ONNX graph of {@code version} in the local registry at {@code root}, so
     * that the bundle no longer matches its signed checksums.
     */
    public static void tamper(Path root, String version) throws java.io.IOException {
        Path model =
                root.resolve(ModelRegistry.MODELS_DIR)
                        .resolve(version)
                        .resolve(BundleManifest.MODEL_FILE);
        byte[] bytes = java.nio.file.Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x5A;
        java.nio.file.Files.write(model, bytes);
    }

    /** A signed bundle of the current feature schema. */
    public static BundleWriter bundle(String version, ToDoubleFunction<Slice> threshold) {
        return bundle(version, FeatureSchema.CURRENT, threshold);
    }

    /** A signed bundle that declares {@code schema}, with {@code threshold} for each slice. */
    public static BundleWriter bundle(
            String version, FeatureSchema schema, ToDoubleFunction<Slice> threshold) {
        TestModels models = TestModels.get();
        return new BundleWriter(version)
                .signedWith(SIGNER)
                .createdAt(T0)
                .featureVersion(schema.version())
                .featureNames(schema.names())
                .dataRange(T0.minusSeconds(7 * 86_400), T0)
                .referenceFeatures(Arrays.copyOf(models.reference(), schema.size()))
                .model(models.onnx())
                .calibration(calibration(version, threshold).getBytes(StandardCharsets.UTF_8))
                .guardrails(List.of(new BundleManifest.Guardrail("holdout_fpr", true, "ok")));
    }

    /**
     * A {@code calibration.json} with {@code threshold} for each slice of the device × login
     * slicing, without a {@code slicing} field, as written before the field existed.
     */
    public static String calibration(String version, ToDoubleFunction<Slice> threshold) {
        return calibration(version, Slicing.DEVICE_AND_LOGIN, threshold, false);
    }

    /**
     * A {@code calibration.json} of the slices of {@code slicing}, which it names, with {@code
     * threshold} for each.
     */
    public static String calibration(
            String version, Slicing slicing, ToDoubleFunction<Slice> threshold) {
        return calibration(version, slicing, threshold, true);
    }

    private static String calibration(
            String version,
            Slicing slicing,
            ToDoubleFunction<Slice> threshold,
            boolean namesSlicing) {
        StringJoiner slices = new StringJoiner(",");
        for (Slice slice : slicing.slices()) {
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
                            Double.toString(threshold.applyAsDouble(slice))));
        }
        return "{\"format_version\": 1, \"calibration_version\": \"c-"
                + version
                + "\","
                + (namesSlicing
                        ? " \"slicing\": \"" + slicing.name().toLowerCase(Locale.ROOT) + "\","
                        : "")
                + " \"budget\": 0.02, \"fitted_objective\": 0.181,"
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
