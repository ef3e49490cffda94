package dev.slidr.training.pipeline;

import ai.onnxruntime.OrtException;
import dev.slidr.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The train use case: reads the inputs, leaves out the clicks the live job screens, trains,
 * calibrates and evaluates, checks the guardrails, and registers the bundle as a candidate (or
 * records the refusal). {@code slidr train} and the demo both run it.
 *
 * <pre>{@code
 * TrainingRun.Result result =
 *         new TrainingRun(ModelRegistry.open(Path.of("/tmp/registry")), listener).run(request);
 * result.summary().print(out);
 * }</pre>
 */
public final class TrainingRun {

    /** The trained model, what publishing it did, and the summary a caller prints or writes. */
    public record Result(
            TrainedModel model, ModelPublisher.Published published, TrainingSummary summary) {

        /** Whether the guardrails passed and the registry took the bundle as a candidate. */
        public boolean registered() {
            return published.registered();
        }
    }

    private final ModelRegistry registry;
    private final TrainingListener listener;
    private final FeaturePassStrategy featurePass;

    /** A run with the single-machine feature pass. */
    public TrainingRun(ModelRegistry registry, TrainingListener listener) {
        this(registry, listener, FeaturePass.SINGLE_MACHINE);
    }

    /** A run whose rows come from {@code featurePass}. */
    public TrainingRun(
            ModelRegistry registry, TrainingListener listener, FeaturePassStrategy featurePass) {
        this.registry = registry;
        this.listener = listener;
        this.featurePass = featurePass;
    }

    /**
     * Runs the request to a registered or refused bundle.
     *
     * @throws RefusedInputsException when the inputs fail a guardrail, before any training
     * @throws IOException when an input cannot be read, nothing is left to train on, or the
     *     registry fails
     */
    public Result run(TrainingRequest request) throws IOException, OrtException {
        MemoryEstimate.check(request);
        Path rows = Files.createTempDirectory("slidr-train-rows");
        try {
            FeaturePass.Result pass = read(request, rows.resolve("rows.bin"));
            StableReference stable =
                    request.versusStable()
                            ? ModelPublisher.stableReference(registry).orElse(null)
                            : null;
            TrainedModel model = train(request, pass, stable);
            ModelPublisher.Published published = publish(request, model);
            TrainingConfig config = request.config();
            TrainingSummary summary =
                    new TrainingSummary(
                            model.version(),
                            published.bundle(),
                            config.fprBudget(),
                            config.fprBound(),
                            published.registered(),
                            model.holdoutEvaluation(),
                            model.logisticRegressionEvaluation(),
                            model.heuristicEvaluation(),
                            published.guardrails(),
                            model.slicing());
            return new Result(model, published, summary);
        } finally {
            deleteTree(rows);
        }
    }

    /**
     * Reads every input file, screens the clicks as the live job does and writes their feature rows
     * (the feature pass: one stream over the click log, see {@link FeaturePass}, or the strategy
     * this run was given).
     *
     * @throws RefusedInputsException when an input was cut short or a label source is empty
     */
    private FeaturePass.Result read(TrainingRequest request, Path rowFile) throws IOException {
        listener.readingInputs();
        long start = System.nanoTime();
        FeaturePass.Result pass = featurePass.run(request, rowFile);
        listener.inputsRead(pass.report(), Duration.ofNanos(System.nanoTime() - start));
        if (pass.late() > 0) {
            listener.log()
                    .printf(
                            "           %,d clicks came more than %s behind the newest of their"
                                    + " file and were taken in arrival order%n",
                            pass.late(), FeaturePass.DEFAULT_OUT_OF_ORDERNESS);
        }
        if (request.verdicts() != null) {
            EntityVerdicts v = request.verdicts();
            EntityVerdicts.Counts c = v.counts();
            listener.log()
                    .printf(
                            java.util.Locale.ROOT,
                            "  verdicts  read %,d  accepted %,d (%,d robot, %,d human entities;"
                                    + " %,d repeated rows)  rejected %s  conflicting %,d"
                                    + "  never seen in the clicks %,d%n",
                            c.rows(),
                            c.accepted(),
                            c.robots(),
                            c.humans(),
                            c.duplicates(),
                            c.rejected(),
                            c.conflicting(),
                            v.neverSeen());
        }
        List<GuardrailResult> failed =
                Stream.of(
                                Guardrails.inputCompleteness(pass.report()),
                                Guardrails.labelSources(pass.report(), request.allowEmptyLabels()))
                        .filter(r -> !r.passed())
                        .toList();
        // without a click there is nothing to train on, a failure of its own
        if (!failed.isEmpty() && pass.rows() > 0) {
            throw new RefusedInputsException(failed);
        }
        return pass;
    }

    /** Trains on the rows; rows with nothing usable are an input error, not a bug. */
    private TrainedModel train(
            TrainingRequest request, FeaturePass.Result pass, StableReference stable)
            throws IOException, OrtException {
        try {
            TrainingPipeline pipeline = new TrainingPipeline(request.config(), listener.log());
            if (request.verdicts() != null) {
                pipeline.strongLabels(
                        request.verdicts().weight(), request.verdicts().humansInFpr());
            }
            return pipeline.train(pass, request.from(), request.to(), stable);
        } catch (InvalidTrainingInputException e) {
            throw new IOException("nothing to train on: " + e.getMessage(), e);
        }
    }

    /** Writes the bundle to staging and registers it, or records why the guardrails refused it. */
    private ModelPublisher.Published publish(TrainingRequest request, TrainedModel model)
            throws IOException {
        Path staging =
                request.staging() != null
                        ? request.staging()
                        : Files.createTempDirectory("slidr-train-staging");
        ModelPublisher.Published published =
                new ModelPublisher(registry, request.config(), listener.log())
                        .signedWith(request.signer())
                        .publish(model, staging, Instant.now());
        if (request.staging() == null && published.registered()) {
            // the registry holds its own verified copy; the temporary staging copy is spent
            deleteTree(staging);
        }
        return published;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
