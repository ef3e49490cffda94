package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelExporterTest {

    private static ScoringModel mlp;
    private static ScoringModel logistic;

    @BeforeAll
    static void train() {
        TrainingSet raw = SyntheticClicks.generate(3000, 1L);
        TrainingSet rawValidation = SyntheticClicks.generate(1000, 2L);
        FeatureNormalizer normalizer =
                FeatureNormalizer.fit(raw.x(), SyntheticClicks.COUNT_MASK, 1e-3);
        TrainingSet train = normalizer.transform(raw);
        TrainingSet validation = normalizer.transform(rawValidation);
        TrainingOptions options =
                TrainingOptions.defaults().withLearningRate(0.01).withEpochs(15, 5);

        RobotNetwork net = RobotNetwork.mlp(SyntheticClicks.FEATURES, 16, 8, 5L);
        new NetworkTrainer(options).train(net, train, validation);
        mlp = new ScoringModel(normalizer, net);

        RobotNetwork lr = RobotNetwork.logisticRegression(SyntheticClicks.FEATURES);
        new NetworkTrainer(options).train(lr, train, validation);
        logistic = new ScoringModel(normalizer, lr);
    }

    private static OnnxModelMetadata metadata(String kind) {
        return new OnnxModelMetadata("m-test", "v1", Arrays.asList(SyntheticClicks.NAMES), kind);
    }

    @Test
    void onnxRuntimeScoresMatchTheTrainersForwardPassForTheNetwork() throws Exception {
        byte[] onnx = OnnxModelExporter.toBytes(mlp, metadata("mlp"));
        double diff =
                OnnxParityCheck.maxAbsDifference(onnx, mlp, SyntheticClicks.parityRows(5000, 3L));
        System.out.printf("ONNX parity (mlp, 5000 rows): max |diff| = %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void onnxRuntimeScoresMatchTheTrainersForwardPassForAveragedNetworks() throws Exception {
        RobotNetwork second = RobotNetwork.mlp(SyntheticClicks.FEATURES, 16, 8, 6L);
        TrainingSet raw = SyntheticClicks.generate(3000, 1L);
        TrainingSet rawValidation = SyntheticClicks.generate(1000, 2L);
        new NetworkTrainer(TrainingOptions.defaults().withLearningRate(0.01).withEpochs(5, 5))
                .train(
                        second,
                        mlp.normalizer().transform(raw),
                        mlp.normalizer().transform(rawValidation));
        ScoringModel averaged =
                new ScoringModel(
                        mlp.normalizer(),
                        RobotNetwork.average(java.util.List.of(mlp.network(), second)));
        byte[] onnx = OnnxModelExporter.toBytes(averaged, metadata("mlp"));
        double diff =
                OnnxParityCheck.maxAbsDifference(
                        onnx, averaged, SyntheticClicks.parityRows(5000, 5L));
        System.out.printf(
                "ONNX parity (two networks averaged, 5000 rows): max |diff| = %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void onnxRuntimeScoresMatchTheTrainersForwardPassForLogisticRegression() throws Exception {
        byte[] onnx = OnnxModelExporter.toBytes(logistic, metadata("logistic_regression"));
        double diff =
                OnnxParityCheck.maxAbsDifference(
                        onnx, logistic, SyntheticClicks.parityRows(5000, 4L));
        System.out.printf(
                "ONNX parity (logistic regression, 5000 rows): max |diff| = %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void exportsAModelWithoutCountFeatures() throws Exception {
        TrainingSet raw = SyntheticData.linear(1000, 4, 12L);
        FeatureNormalizer plain = FeatureNormalizer.fit(raw.x(), new boolean[4], 1e-3);
        FittedModel fitted =
                new ScoringModelTrainer(TrainingOptions.defaults().withEpochs(5, 5))
                        .network(8, 4, plain, raw, SyntheticData.linear(300, 4, 13L));
        byte[] onnx =
                OnnxModelExporter.toBytes(
                        fitted.model(),
                        new OnnxModelMetadata(
                                "m", "v1", java.util.List.of("a", "b", "c", "d"), "mlp"));
        double diff =
                OnnxParityCheck.maxAbsDifference(
                        onnx, fitted.model(), SyntheticData.linear(2000, 4, 14L).x());
        assertThat(diff).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void anIgnoredColumnChangesNoScoreInTheTrainerOrInOnnxRuntime() throws Exception {
        TrainingSet raw = SyntheticData.linear(1000, 4, 15L);
        FeatureNormalizer normalizer =
                FeatureNormalizer.fit(raw.x(), new boolean[4], 1e-3).ignoring(2);
        FittedModel fitted =
                new ScoringModelTrainer(TrainingOptions.defaults().withEpochs(5, 5))
                        .network(8, 4, normalizer, raw, SyntheticData.linear(300, 4, 16L));
        float[][] rows = SyntheticData.linear(500, 4, 17L).x();
        float[][] moved = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            moved[i] = rows[i].clone();
            moved[i][2] = (i % 2 == 0 ? 1 : -1) * 1000f * (i + 1);
        }
        byte[] onnx =
                OnnxModelExporter.toBytes(
                        fitted.model(),
                        new OnnxModelMetadata(
                                "m", "v1", java.util.List.of("a", "b", "c", "d"), "mlp"));

        assertThat(fitted.model().score(moved)).containsExactly(fitted.model().score(rows));
        float[] before = OnnxParityCheck.scoreWithOnnxRuntime(onnx, rows, 64);
        float[] after = OnnxParityCheck.scoreWithOnnxRuntime(onnx, moved, 64);
        assertThat(after).containsExactly(before);
        assertThat(OnnxParityCheck.maxAbsDifference(onnx, fitted.model(), moved))
                .isLessThanOrEqualTo(1e-5);
    }

    @Test
    void parityCheckDetectsAModelThatDiffersFromTheExport() throws Exception {
        byte[] onnx = OnnxModelExporter.toBytes(mlp, metadata("mlp"));
        double diff =
                OnnxParityCheck.maxAbsDifference(
                        onnx, logistic, SyntheticClicks.parityRows(500, 5L));
        assertThat(diff).isGreaterThan(1e-3);
    }

    @Test
    void exportedModelCarriesMetadataAndADynamicBatchDimension(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        OnnxModelExporter.write(mlp, metadata("mlp"), file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString())) {
            assertThat(session.getInputNames()).containsExactly("features");
            assertThat(session.getOutputNames()).containsExactly("score");
            Map<String, String> custom = session.getMetadata().getCustomMetadata();
            assertThat(session.getMetadata().getProducerName()).isEqualTo("slidr");
            assertThat(custom)
                    .containsEntry(OnnxModelMetadata.FEATURE_VERSION, "v1")
                    .containsEntry(OnnxModelMetadata.MODEL_KIND, "mlp");
            assertThat(custom.get(OnnxModelMetadata.FEATURE_NAMES))
                    .startsWith("[\"user_clicks_1m\",")
                    .contains("\"logged_in\"");
        }
        byte[] bytes = Files.readAllBytes(file);
        float[][] rows = SyntheticClicks.parityRows(3, 6L);
        float[] one = OnnxParityCheck.scoreWithOnnxRuntime(bytes, new float[][] {rows[0]}, 1);
        float[] three = OnnxParityCheck.scoreWithOnnxRuntime(bytes, rows, 3);
        assertThat(three).hasSize(3);
        assertThat(three[0]).isEqualTo(one[0]);
    }

    @Test
    void refusesMetadataThatDoesNotNameEveryFeature() {
        OnnxModelMetadata tooFew = new OnnxModelMetadata("m", "v1", Arrays.asList("a", "b"), "mlp");
        assertThatThrownBy(() -> OnnxModelExporter.toBytes(mlp, tooFew))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 features");
        assertThatThrownBy(() -> new OnnxModelMetadata("m", "v1", Arrays.asList("a", "a"), "mlp"))
                .hasMessageContaining("unique");
    }
}
