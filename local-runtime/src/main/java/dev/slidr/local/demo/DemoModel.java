package dev.slidr.local.demo;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryCatalog;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.BundleVerificationException;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import dev.slidr.registry.calibration.CalibrationFile;
import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.SliceCalibration;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.simulator.FileTrafficSink;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulationSummary;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.simulator.TrafficSink;
import dev.slidr.training.pipeline.ModelPublisher;
import dev.slidr.training.pipeline.TrainingConfig;
import dev.slidr.training.pipeline.TrainingRequest;
import dev.slidr.training.pipeline.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The demo's model: the registry's stable bundle, or one trained here on a simulated history (the
 * same pipeline as {@code slidr train}), which the live job reads as a bundle, as {@code run
 * --registry} does; control commands load their models from the same registry. The demo signs what
 * it trains with a key pair it keeps in the registry's {@value #KEY_DIR} directory (made on first
 * use) and trusts that key; a stable model that is unsigned or signed by another key is passed
 * over, with a line saying why.
 */
public final class DemoModel {

    /**
     * What the demo runs with, and where it came from.
     *
     * @param bundle the verified bundle
     * @param deployed the bundle as the job scores with it
     * @param catalog the registry, from which the job loads the models control commands name
     * @param version the bundle's version
     * @param stable whether it is the registry's stable model
     * @param note where it came from, for people
     */
    public record Prepared(
            ModelBundle bundle,
            DeployedModel deployed,
            ModelCatalog catalog,
            String version,
            boolean stable,
            String note) {

        /** The live job with this model, following the control topic, added to a fresh env. */
        public StreamExecutionEnvironment plan(Configuration conf) {
            return ClickDecisionJob.plan(conf, deployed, catalog);
        }
    }

    /** The directory of the demo's key pair, inside the registry directory. */
    public static final String KEY_DIR = "demo-keys";

    private static final String KEY_FILE = "demo-signing.key";

    /** Who the registry's history names for the demo's own model changes. */
    public static final String BY_DEMO = "demo";

    /** The version suffix of the demo's deliberately bad model. */
    public static final String FLAG_EVERYTHING_SUFFIX = "-flag-all";

    private final ModelRegistry registry;
    private final Path root;
    private final PrintWriter progress;
    private final BundleSigner signer;

    public DemoModel(ModelRegistry registry, PrintWriter progress) throws IOException {
        this.root = localRoot(registry);
        this.signer = demoSigner(root);
        this.registry = registry.withTrust(registry.trust().trusting(signer.publicKey()));
        this.progress = progress;
    }

    /** The registry as the demo opened it: trusting the demo's own key. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The demo's signing key, which signs the bundles the demo registers. */
    public BundleSigner signer() {
        return signer;
    }

    private static Path localRoot(ModelRegistry registry) throws IOException {
        java.net.URI uri = registry.root().toUri();
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            return Path.of(uri.getPath());
        }
        throw new IOException(
                "the demo keeps its signing key in a local registry directory; "
                        + registry.root()
                        + " is not local");
    }

    /** The demo's signing key, read from the registry directory or made there on first use. */
    private static BundleSigner demoSigner(Path root) throws IOException {
        Path dir = root.resolve(KEY_DIR);
        Path key = dir.resolve(KEY_FILE);
        try {
            if (Files.exists(key)) {
                return BundleSigner.fromFile(key);
            }
        } catch (SigningKeys.InvalidKeyException e) {
            throw new IOException(
                    e.getMessage() + "; remove " + dir + " and the demo makes a new key", e);
        }
        KeyPair pair = SigningKeys.generate();
        SigningKeys.KeyFiles files = SigningKeys.writeKeyPair(pair, dir);
        // the demo finds its key by a fixed name
        Files.move(files.privateKey(), key, StandardCopyOption.ATOMIC_MOVE);
        return BundleSigner.of(pair.getPrivate());
    }

    /**
     * The stable bundle when the registry has one; otherwise simulates {@code historyDays} days
     * from {@code start}, trains, registers and promotes (or, when the guardrails refuse the model,
     * uses the refused candidate and says so).
     */
    public Prepared prepare(
            SimulatorConfig simulator,
            long seed,
            LocalDate start,
            int historyDays,
            TrainingConfig training,
            Path work)
            throws IOException, ai.onnxruntime.OrtException {
        Optional<ModelBundle> stable = loadStable();
        if (stable.isPresent()) {
            progress.printf("model: stable %s from the registry%n", stable.get().version());
            progress.flush();
            return prepared(stable.get(), true, "stable model from the registry");
        }
        Path history = work.resolve("history");
        Files.createDirectories(history);
        progress.printf(
                "model: the registry has no stable %s model; simulating %d days of history%n",
                FeatureSchema.CURRENT.version(), historyDays);
        progress.flush();
        TrafficSimulator sim = new TrafficSimulator(simulator, seed, start, historyDays);
        SimulationSummary summary;
        try (TrafficSink sink = new FileTrafficSink(history, false, true)) {
            summary = sim.run(sink, ProgressListener.NONE);
        }
        sim.writeSideFiles(history, summary);
        progress.printf("model: %,d history clicks; training%n", summary.clicks());
        progress.flush();
        TrainingRequest request =
                TrainingRequest.builder()
                        .clicks(history.resolve("clicks.jsonl"))
                        .conversions(history.resolve("conversions.jsonl"))
                        .rfm(history.resolve("rfm.csv"))
                        .truth(history.resolve("truth.csv"))
                        // the demo's job runs with the default GIVT settings
                        .givt(GivtConfig.fromConfiguration(new Configuration()))
                        .config(training)
                        .staging(work.resolve("staging"))
                        // training here means the stable model is missing or reads another schema
                        .versusStable(false)
                        .signer(signer)
                        .build();
        TrainingRun.Result trained = new TrainingRun(registry, () -> progress).run(request);
        ModelPublisher.Published published = trained.published();
        ModelBundle bundle;
        String note;
        boolean promoted;
        try {
            if (published.registered()) {
                bundle = registry.promote(trained.model().version());
                note = "trained on a simulated history, registered and promoted";
                promoted = true;
            } else {
                bundle = ModelBundle.load(Path.of(published.bundle()));
                note =
                        "WARNING: the guardrails refused the trained model; the demo runs the"
                                + " refused candidate, which is NOT promoted";
                promoted = false;
                progress.println(note);
            }
        } catch (BundleVerificationException e) {
            throw new IOException("the trained bundle does not verify: " + e.getMessage(), e);
        }
        progress.flush();
        return prepared(bundle, promoted, note);
    }

    /**
     * Registers, once, a deliberately bad model beside {@code base}: its network and features with
     * every slice's threshold 0, so it invalidates every click it scores. A real bundle, signed
     * with the demo's key and verified like any other, to show a live change and its rollback. Its
     * version is {@code base}'s with {@value #FLAG_EVERYTHING_SUFFIX}; a registry that holds it
     * already returns it.
     */
    public ModelBundle registerFlagEverything(ModelBundle base)
            throws IOException, BundleVerificationException {
        String version = flagEverythingVersion(base.version());
        if (!registry.state().isRegistered(version)) {
            CalibrationResult calibration = CalibrationFile.fromJson(base.calibrationJson());
            List<SliceCalibration> zero = new ArrayList<>();
            for (SliceCalibration s : calibration.slices()) {
                zero.add(
                        new SliceCalibration(
                                s.slice(),
                                0.0,
                                s.chosenFpr(),
                                s.fit(),
                                s.expectedIvr(),
                                s.ivr(),
                                s.fpr(),
                                s.coverage(),
                                s.minCoverage(),
                                s.clicks(),
                                s.purchasing(),
                                s.highVelocity(),
                                s.exactFpr()));
            }
            CalibrationResult flagAll =
                    new CalibrationResult(
                            calibration.version() + FLAG_EVERYTHING_SUFFIX,
                            calibration.budget(),
                            zero,
                            calibration.fittedObjective(),
                            calibration.realizedObjective(),
                            calibration.exactObjective(),
                            calibration.exactDiscretized(),
                            calibration.realizedFpr(),
                            calibration.kkt(),
                            calibration.slicing());
            BundleManifest m = base.manifest();
            registry.register(
                    new BundleWriter(version)
                            .signedWith(signer)
                            .parentVersion(base.version())
                            .createdAt(Instant.now())
                            .featureVersion(m.featureVersion())
                            .featureNames(m.featureNames())
                            .dataRange(m.dataRange().from(), m.dataRange().to())
                            .referenceFeatures(m.referenceFeatures())
                            .model(base.model())
                            .calibration(
                                    CalibrationFile.toJson(flagAll)
                                            .getBytes(StandardCharsets.UTF_8))
                            .guardrails(
                                    List.of(
                                            new BundleManifest.Guardrail(
                                                    "demo_fault_injection",
                                                    true,
                                                    "deliberately bad: every threshold 0, it"
                                                            + " flags every click; made by the"
                                                            + " demo to show a live rollback"))));
        }
        return registry.load(version);
    }

    /** The version of the deliberately bad model made from {@code base}. */
    public static String flagEverythingVersion(String base) {
        // versions are at most 128 characters
        String head =
                base.length() + FLAG_EVERYTHING_SUFFIX.length() > 128
                        ? base.substring(0, 128 - FLAG_EVERYTHING_SUFFIX.length())
                        : base;
        return head + FLAG_EVERYTHING_SUFFIX;
    }

    private Prepared prepared(ModelBundle bundle, boolean stable, String note) {
        return new Prepared(
                bundle,
                BundleModels.deployed(bundle),
                RegistryCatalog.of(root.toString(), registry.trust()),
                bundle.version(),
                stable,
                note);
    }

    private Optional<ModelBundle> loadStable() throws IOException {
        if (!registry.exists()) {
            return Optional.empty();
        }
        Optional<ModelBundle> stable;
        try {
            Optional<String> version = registry.stableVersion();
            if (version.isPresent() && version.get().endsWith(FLAG_EVERYTHING_SUFFIX)) {
                // a demo stopped between activating its bad model and its rollback
                registry.rollback(
                        new ModelRegistry.ChangeNote(
                                BY_DEMO, "the deliberately bad model was left stable"));
                progress.printf(
                        "model: rolled back the deliberately bad model %s, left stable by an"
                                + " earlier run%n",
                        version.get());
            }
            stable = registry.stable();
        } catch (BundleVerificationException e) {
            if (e.files().equals(List.of("manifest.sig"))) {
                // a registry from an earlier run (unsigned) or signed elsewhere: not ours to run
                progress.printf(
                        "model: the stable model is not signed by a trusted key (%s), so a new"
                                + " model is trained%n",
                        e.problems().get(0).reason());
                return Optional.empty();
            }
            throw new IOException("the registry's stable model does not verify: " + e, e);
        }
        String current = FeatureSchema.CURRENT.version();
        if (stable.isPresent() && !current.equals(stable.get().manifest().featureVersion())) {
            // a registry from an earlier build: its model cannot be scored by this job's features
            progress.printf(
                    "model: the stable model %s reads feature schema %s; this build computes %s,"
                            + " so a new model is trained%n",
                    stable.get().version(), stable.get().manifest().featureVersion(), current);
            return Optional.empty();
        }
        return stable;
    }
}
