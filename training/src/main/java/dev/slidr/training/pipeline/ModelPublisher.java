package dev.slidr.training.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.BundleVerificationException;
import dev.slidr.registry.BundleVerifier;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ManifestCodec;
import dev.slidr.registry.MetricNames;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.ModelRegistryException;
import dev.slidr.registry.calibration.CalibrationFile;
import dev.slidr.training.TrainingHistory;
import dev.slidr.training.report.TrainingReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a trained model into the registry, or records why not: writes the bundle (model,
 * calibration, report, manifest with metrics, guardrails and reference features) to a staging
 * directory, verifies its checksums, and then registers it as a candidate when every guardrail
 * passed, or records a refusal in the registry's history. A refused bundle stays in the staging
 * directory for inspection and never enters {@code models/}.
 *
 * <pre>{@code
 * ModelPublisher publisher = new ModelPublisher(ModelRegistry.open(dir), config, new PrintWriter(System.err, true));
 * Published p = publisher.publish(trained, stagingDir, Instant.now());
 * }</pre>
 */
public final class ModelPublisher {

    private final ModelRegistry registry;
    private BundleSigner signer;
    private final TrainingConfig config;
    private final PrintWriter progress;

    /** The result: where the bundle is, whether it became a candidate, and every guardrail. */
    public record Published(String bundle, boolean registered, List<GuardrailResult> guardrails) {}

    /** Signs the bundles it publishes with this key (null: unsigned); its own key is trusted. */
    public ModelPublisher signedWith(BundleSigner key) {
        this.signer = key;
        return this;
    }

    public ModelPublisher(ModelRegistry registry, TrainingConfig config, PrintWriter progress) {
        this.registry = registry;
        this.config = config;
        this.progress = progress;
    }

    /** The stable model's holdout AUC and IVR from its manifest, when there is a stable model. */
    public static Optional<StableReference> stableReference(ModelRegistry registry)
            throws IOException {
        Optional<String> version = registry.stableVersion();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        ModelBundle bundle;
        try {
            // only the stable model's metrics are read, as a reference: an unsigned stable model
            // from before bundles were signed still serves (a wrong signature does not)
            bundle =
                    registry.withTrust(registry.trust().allowingUnsigned(true)).load(version.get());
        } catch (BundleVerificationException e) {
            throw new IOException(
                    "the stable model " + version.get() + " does not verify: " + e.getMessage(), e);
        }
        BundleManifest m = bundle.manifest();
        return Optional.of(
                new StableReference(
                        m.modelVersion(),
                        // bundles from before the weak_ names were written say "auc"
                        number(MetricNames.read(m, "/holdout/combined", MetricNames.WEAK_AUC)),
                        number(MetricNames.read(m, "/holdout/combined", MetricNames.IVR))));
    }

    private static double number(Optional<JsonNode> node) {
        return node.filter(JsonNode::isNumber).map(JsonNode::asDouble).orElse(Double.NaN);
    }

    /**
     * Writes, verifies and registers (or refuses) the model.
     *
     * @param staging a directory in which the bundle directory {@code <version>} is created
     */
    public Published publish(TrainedModel model, Path staging, Instant createdAt)
            throws IOException {
        String parent = registry.stableVersion().orElse(null);
        List<GuardrailResult> guardrails = new ArrayList<>(model.guardrails());
        Path dir = staging.resolve(model.version());
        byte[] report =
                TrainingReport.renderBytes(
                        ReportBuilder.build(model, config, parent, createdAt, guardrails));
        BundleWriter writer =
                new BundleWriter(model.version())
                        .signedWith(signer)
                        .parentVersion(parent)
                        .createdAt(createdAt)
                        .featureVersion(FeatureSchema.CURRENT.version())
                        .featureNames(FeatureSchema.CURRENT.names())
                        .dataRange(model.from(), model.to())
                        .referenceFeatures(model.referenceFeatures())
                        .model(model.onnx())
                        .calibration(
                                CalibrationFile.toJson(model.calibration())
                                        .getBytes(StandardCharsets.UTF_8))
                        .report(report)
                        .metrics(ManifestCodec.metricsOf(metrics(model)))
                        .guardrails(
                                guardrails.stream()
                                        .map(
                                                g ->
                                                        new BundleManifest.Guardrail(
                                                                g.name(), g.passed(), g.detail()))
                                        .toList());
        Files.createDirectories(staging);
        writer.writeTo(dir);
        guardrails.add(Guardrails.bundleChecksums(() -> verify(dir)));
        if (Guardrails.allPassed(guardrails)) {
            try {
                (signer == null
                                ? registry
                                : registry.withTrust(registry.trust().trusting(signer.publicKey())))
                        .register(dir);
            } catch (BundleVerificationException e) {
                throw new IOException("the registry refused the bundle: " + e.getMessage(), e);
            }
            progress.printf(
                    "registered %s as a candidate, %s%n",
                    model.version(),
                    signer == null
                            ? "unsigned (promoting it needs --allow-unsigned)"
                            : "signed by key " + signer.keyId());
            return new Published(registry.bundleDir(model.version()).toString(), true, guardrails);
        }
        List<String> reasons = new ArrayList<>();
        for (GuardrailResult g : guardrails) {
            if (!g.passed()) {
                reasons.add(g.name() + ": " + g.detail());
            }
        }
        try {
            registry.refuse(model.version(), reasons);
        } catch (ModelRegistryException e) {
            if (e.reason() != ModelRegistryException.Reason.LOCKED) {
                throw e;
            }
            // the refusal stands whether or not the history could record it
            progress.printf("the refusal is not in the registry history: %s%n", e.getMessage());
        }
        progress.printf(
                "refused %s (%s); its bundle stays in %s%n",
                model.version(), String.join("; ", reasons), dir);
        return new Published(dir.toString(), false, guardrails);
    }

    private static String verify(Path dir) throws IOException, BundleVerificationException {
        ModelBundle loaded = BundleVerifier.load(new org.apache.flink.core.fs.Path(dir.toUri()));
        return "manifest SHA-256 of " + loaded.manifest().files().size() + " files verified";
    }

    /**
     * The manifest's metrics: the network's combined holdout weak-label AUC, IVR, weak-label FPR
     * and its upper bound, holdout and baselines as in the summary, calibration, training and input
     * counts.
     */
    static Map<String, Object> metrics(TrainedModel model) {
        Map<String, Object> m = new LinkedHashMap<>();
        // the network's combined holdout figures at the top, where `slidr models list` reads them
        ScorerMetrics combined = model.holdoutEvaluation().combined();
        m.put(MetricNames.WEAK_AUC, ScorerMetrics.finite(combined.weakAuc()));
        m.put(MetricNames.IVR, ScorerMetrics.finite(combined.ivr()));
        m.put(MetricNames.WEAK_FPR, ScorerMetrics.finite(combined.weakFpr()));
        m.put(MetricNames.WEAK_FPR_UPPER, ScorerMetrics.finite(combined.weakFprUpper()));
        m.put("holdout", model.holdoutEvaluation().toMap());
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("logistic_regression", model.logisticRegressionEvaluation().toMap());
        baselines.put("velocity_heuristic", model.heuristicEvaluation().toMap());
        m.put("baselines", baselines);
        Map<String, Object> cal = new LinkedHashMap<>();
        cal.put("budget", model.calibration().budget());
        cal.put("validation_fpr", ScorerMetrics.finite(model.calibration().realizedFpr()));
        cal.put("validation_ivr", ScorerMetrics.finite(model.calibration().realizedObjective()));
        cal.put("optimality_gap", ScorerMetrics.finite(model.calibration().optimalityGap()));
        m.put("calibration", cal);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("rows", model.table().rows());
        training.put("training_rows_used", model.trainRows());
        List<TrainingHistory> networks = model.network().histories();
        training.put("networks", networks.size());
        training.put("network_epochs", networks.stream().map(TrainingHistory::epochsRun).toList());
        training.put(
                "network_best_epoch", networks.stream().map(TrainingHistory::bestEpoch).toList());
        m.put("training", training);
        m.put("inputs", model.inputs().toMap());
        return m;
    }
}
