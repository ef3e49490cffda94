package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.calibration.CalibrationFile;
import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.SliceCalibration;
import dev.slidr.rules.slice.Slices;
import dev.slidr.rules.slice.Slicing;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.SimulatorOptions;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.simulator.testing.TestingTrafficSink;
import dev.slidr.training.FprBoundPolicy;
import dev.slidr.training.OnnxParityCheck;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on one simulated day at a reduced rate: features, labels, training, calibration,
 * guardrails, a registered bundle, and the bundle's ONNX model with its calibration file deciding
 * the holdout clicks exactly as the trainer did.
 */
class TrainingPipelineTest {

    static TrainingInputs simulatedDay() throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .set(SimulatorOptions.HUMAN_USERS, 8000)
                        .set(SimulatorOptions.BOTNET_HOSTS, 600)
                        .set(SimulatorOptions.LOW_AND_SLOW_BOTS, 200)
                        .set(SimulatorOptions.STOLEN_ACCOUNTS, 60)
                        .set(SimulatorOptions.FARM_ACCOUNTS, 15)
                        .set(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE, 3.0)
                        .build();
        TrafficSimulator simulator =
                new TrafficSimulator(config, 5, TrafficSimulator.DEFAULT_START, 1).threads(2);
        TestingTrafficSink sink = new TestingTrafficSink();
        simulator.run(sink, ProgressListener.NONE);
        Map<String, Boolean> truth = new HashMap<>();
        for (int i = 0; i < sink.clicks.size(); i++) {
            truth.put(sink.clicks.get(i).clickId(), sink.kinds.get(i).isRobot());
        }
        return TrainingInputs.of(
                sink.clicks, sink.conversions, simulator.rfmRows(), truth, new InputReport());
    }

    /** The settings of a day at a reduced rate, calibrated by {@code slicing}. */
    private static TrainingConfig smallDay(SliceScheme slicing) {
        return TrainingConfig.builder()
                .fprBudget(0.1)
                // one day at a reduced rate: a few hundred purchasing clicks per split
                // part, so the holdout FPR swings far more than on a week of traffic
                .calibrationHeadroom(0.3)
                .hidden(16, 8)
                .epochs(6, 2)
                .maxTrainRows(30_000)
                .minSliceClicks(20)
                // a few dozen purchasing clicks per slice and split: neither their
                // Clopper-Pearson bounds nor the per-slice check (off by default) could
                // pass on so small a day, and this test is about the bundle, not the FPR
                // policy
                .fprBound(new FprBoundPolicy(FprBoundPolicy.Held.POINT, 0.95, 0))
                .checkSliceFpr(false)
                // nor could a six-epoch network's curves on so few purchasing clicks
                // reach the minimum marginal precision's yield, measured over ten of
                // them: every slice would invalidate nothing
                .minMarginalPrecision(0)
                // nor hold a slice's estimated precision under bounds of a few dozen labels
                .minSlicePrecision(0)
                .parityRows(3000)
                .threads(2)
                .seed(7)
                .slicing(slicing)
                .build();
    }

    @Test
    void registersABundleWhoseOnnxModelDecidesTheHoldoutLikeTheTrainer(@TempDir Path tmp)
            throws Exception {
        TrainingInputs inputs = simulatedDay();
        TrainingConfig config = smallDay(SliceScheme.DEVICE_AND_LOGIN);
        java.io.StringWriter log = new java.io.StringWriter();
        java.io.PrintWriter progress = new java.io.PrintWriter(log, true);
        TrainedModel model = new TrainingPipeline(config, progress).train(inputs, null, null, null);
        dev.slidr.registry.BundleSigner signer =
                dev.slidr.registry.BundleSigner.of(
                        dev.slidr.registry.SigningKeys.generate().getPrivate());
        ModelRegistry registry =
                ModelRegistry.open(tmp.resolve("registry"))
                        .withTrust(
                                dev.slidr.registry.BundleTrust.of(
                                        java.util.List.of(signer.publicKey())));
        ModelPublisher.Published published =
                new ModelPublisher(registry, config, progress)
                        .signedWith(signer)
                        .publish(
                                model,
                                tmp.resolve("staging"),
                                Instant.parse("2025-06-03T06:00:00Z"));

        assertThat(published.guardrails()).as(log.toString()).allMatch(GuardrailResult::passed);
        assertThat(published.registered()).isTrue();
        assertThat(registry.state().candidates()).containsExactly(model.version());
        // the default averages eight networks, each fitted in the open and kept in the bundle's
        // metrics
        assertThat(config.networks()).isEqualTo(8);
        assertThat(log.toString())
                .contains("training 8 networks")
                .contains("network 1 of 8 epoch  1")
                .contains("network 8 of 8 epoch  1")
                .contains("network 8 of 8: kept epoch")
                .contains("registered " + model.version());
        assertThat(model.network().histories()).hasSize(8);
        assertThat(model.network().model().network().layerSizes())
                .containsExactly(dev.slidr.feature.FeatureSchema.CURRENT.size(), 128, 64, 1);

        ModelBundle bundle = registry.load(model.version());
        assertThat(bundle.manifest().metric("/training/networks").orElseThrow().asInt())
                .isEqualTo(8);
        assertThat(bundle.manifest().metric("/training/network_epochs").orElseThrow().size())
                .isEqualTo(8);
        assertThat(
                        new String(
                                bundle.report().orElseThrow(),
                                java.nio.charset.StandardCharsets.UTF_8))
                .contains(
                        "<th>network</th><td>8 x "
                                + dev.slidr.feature.FeatureSchema.CURRENT.size()
                                + "-16-8-1, averaged</td>")
                .contains("network 2 of 8");
        assertThat(bundle.signer()).contains(signer.keyId());
        assertThat(bundle.manifest().guardrails()).hasSize(published.guardrails().size() - 1);
        assertThat(bundle.manifest().referenceFeatures())
                .containsExactly(model.referenceFeatures());
        assertThat(bundle.manifest().metric("/holdout/combined/clicks").orElseThrow().asLong())
                .isEqualTo(model.holdoutEvaluation().combined().clicks());
        CalibrationResult calibration = CalibrationFile.fromJson(bundle.calibrationJson());
        // the bundle names the slicing its slices belong to: the one the job slices clicks by
        assertThat(bundle.calibrationJson()).contains("\"slicing\" : \"device_and_login\"");
        assertThat(Slicing.fromName(calibration.slicing())).isEqualTo(Slices.SLICING);
        assertThat(calibration.slices())
                .extracting(SliceCalibration::slice)
                .containsExactlyElementsOf(Slices.NAMES);

        FeatureTable t = model.table();
        int[] holdout = model.holdout();
        float[][] rows = new float[holdout.length][];
        for (int k = 0; k < holdout.length; k++) {
            rows[k] = t.x[holdout[k]];
        }
        float[] onnx = OnnxParityCheck.scoreWithOnnxRuntime(bundle.model(), rows, 1024);
        double[] scores = new double[t.rows()];
        for (int k = 0; k < holdout.length; k++) {
            scores[holdout[k]] = onnx[k];
        }
        boolean[] invalid = TrainingPipeline.decide(scores, t, calibration);
        boolean[] trainer = TrainingPipeline.decide(model.netScores(), t, model.calibration());
        int differ = 0;
        for (int i : holdout) {
            if (invalid[i] != trainer[i]) {
                double threshold = calibration.slice(Slices.NAMES.get(t.slice[i])).threshold();
                // only a score within float rounding of its threshold may land on the other side
                assertThat(Math.abs(model.netScores()[i] - threshold)).isLessThan(1e-5);
                differ++;
            }
        }
        assertThat(differ).isLessThanOrEqualTo(1);
        Evaluation fromBundle = Evaluation.of(t, holdout, scores, invalid);
        if (differ == 0) {
            assertThat(fromBundle.combined().ivr())
                    .isEqualTo(model.holdoutEvaluation().combined().ivr());
            assertThat(fromBundle.combined().weakFpr())
                    .isEqualTo(model.holdoutEvaluation().combined().weakFpr());
            assertThat(fromBundle.combined().trueRecall())
                    .isEqualTo(model.holdoutEvaluation().combined().trueRecall());
        }
        assertThat(model.holdoutEvaluation().combined().trueRecall())
                .as(log.toString())
                .isGreaterThan(0.0);
    }

    @Test
    void deviceSlicingCalibratesEvaluatesAndWritesTheFourDeviceSlices(@TempDir Path tmp)
            throws Exception {
        // a single network: the shape the option's 1 gives
        TrainingConfig config = smallDay(SliceScheme.DEVICE).toBuilder().networks(1).build();
        java.io.StringWriter log = new java.io.StringWriter();
        java.io.PrintWriter progress = new java.io.PrintWriter(log, true);
        TrainedModel model =
                new TrainingPipeline(config, progress).train(simulatedDay(), null, null, null);
        dev.slidr.registry.BundleSigner signer =
                dev.slidr.registry.BundleSigner.of(
                        dev.slidr.registry.SigningKeys.generate().getPrivate());
        ModelRegistry registry =
                ModelRegistry.open(tmp.resolve("registry"))
                        .withTrust(dev.slidr.registry.BundleTrust.of(List.of(signer.publicKey())));
        ModelPublisher.Published published =
                new ModelPublisher(registry, config, progress)
                        .signedWith(signer)
                        .publish(
                                model,
                                tmp.resolve("staging"),
                                Instant.parse("2025-06-03T06:00:00Z"));
        assertThat(published.registered()).as(log.toString()).isTrue();
        assertThat(log.toString())
                .contains("slicing device: --slicing device")
                .contains("network epoch  1")
                .contains("network: kept epoch")
                .doesNotContain("of 1");

        ModelBundle bundle = registry.load(model.version());
        assertThat(bundle.calibrationJson()).contains("\"slicing\" : \"device\"");
        CalibrationResult calibration = CalibrationFile.fromJson(bundle.calibrationJson());
        assertThat(calibration.slices())
                .extracting(SliceCalibration::slice)
                .containsExactly("desktop", "mobile", "app", "other");
        assertThat(model.holdoutEvaluation().slices().keySet())
                .isSubsetOf("desktop", "mobile", "app", "other")
                .contains("desktop", "mobile", "app");
        assertThat(published.guardrails())
                .filteredOn(g -> g.name().equals(Guardrails.SLICE_SAMPLES))
                .singleElement()
                .satisfies(g -> assertThat(g.detail()).doesNotContain("/"));
        String report =
                new String(bundle.report().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        String shape = dev.slidr.feature.FeatureSchema.CURRENT.size() + "-16-8-1";
        assertThat(report)
                .contains("<th>network</th><td>" + shape + "</td>")
                .contains("<th>slicing</th><td>device (--slicing device)</td>")
                .contains("data-slice=\"desktop\"")
                .doesNotContain("data-slice=\"desktop/anonymous\"");

        // the table's slice ids are the device scheme's: a threshold per device decides each row
        FeatureTable t = model.table();
        Slicing device = Slicing.DEVICE;
        boolean[] invalid = TrainingPipeline.decide(model.netScores(), t, calibration);
        int mobile = SliceIndex.of(device).id(dev.slidr.contract.Device.MOBILE, false);
        int checked = 0;
        for (int i : model.holdout()) {
            double threshold =
                    calibration.slice(SliceIndex.of(device).name(t.slice[i])).threshold();
            assertThat(invalid[i]).isEqualTo(model.netScores()[i] >= threshold);
            checked += t.slice[i] == mobile ? 1 : 0;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void aClickLogWithoutValidClicksIsRefusedWithAReason() {
        TrainingInputs empty =
                TrainingInputs.of(List.of(), List.of(), List.of(), null, new InputReport());
        java.io.PrintWriter quiet = new java.io.PrintWriter(new java.io.StringWriter());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                new TrainingPipeline(TrainingConfig.defaults(), quiet)
                                        .train(empty, null, null, null))
                .isInstanceOf(InvalidTrainingInputException.class)
                .hasMessageContaining("no valid clicks");
    }

    @Test
    void calibrationRowsAreValidationAndTheTrainingRowsTheSampleLeftOut() {
        int[] trainAll = {0, 1, 2, 3, 4, 5};
        int[] sampled = {1, 4};
        int[] validation = {6, 7};
        assertThat(TrainingRows.calibrationRows(trainAll, sampled, validation))
                .containsExactly(0, 2, 3, 5, 6, 7);
        assertThat(TrainingRows.calibrationRows(trainAll, trainAll, validation))
                .containsExactly(6, 7);
    }
}
