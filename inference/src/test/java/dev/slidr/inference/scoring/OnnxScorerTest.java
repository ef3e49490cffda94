package dev.slidr.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime scorer on a real trained model: parity, buffer reuse, validation, fallback. */
class OnnxScorerTest {

    private static TestModels models;

    @BeforeAll
    static void train() {
        models = TestModels.get();
    }

    private static float[][] randomRows(int n, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = TestModels.randomRow(random);
        }
        return rows;
    }

    @Test
    void scoresEqualTheTrainersForwardPassAcrossBatchSizes() throws Exception {
        try (OnnxScorer scorer =
                OnnxScorer.open(models.onnx(), TestModels.NAMES, ScorerOptions.defaults())) {
            assertThat(scorer.activeProvider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(scorer.fallbackReason()).isEmpty();
            assertThat(scorer.featureCount()).isEqualTo(TestModels.F);
            // growing and shrinking batches reuse and regrow the one input buffer
            for (int rows : new int[] {1, 8, 64, 65, 700, 3, 512}) {
                float[][] batch = randomRows(rows, rows);
                float[] expected = models.trainerScores(batch);
                float[] actual = scorer.score(TestModels.flatten(batch), rows);
                assertThat(actual).hasSize(rows);
                for (int i = 0; i < rows; i++) {
                    assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void ignoresValuesPastTheRequestedRows() throws Exception {
        float[][] batch = randomRows(10, 5L);
        try (OnnxScorer scorer =
                OnnxScorer.open(models.onnx(), TestModels.NAMES, ScorerOptions.defaults())) {
            float[] all = scorer.score(TestModels.flatten(batch), 10);
            float[] firstFour = scorer.score(TestModels.flatten(batch), 4);
            assertThat(firstFour).containsExactly(java.util.Arrays.copyOf(all, 4));
            assertThat(scorer.score(new float[0], 0)).isEmpty();
        }
    }

    @Test
    void separatesRobotsFromHumansOnTheLabelledFeature() throws Exception {
        float[] human = models.reference();
        float[] robot = models.reference();
        robot[dev.slidr.feature.FeatureSchema.USER_CLICKS_1H] = 300;
        try (OnnxScorer scorer =
                OnnxScorer.open(models.onnx(), TestModels.NAMES, ScorerOptions.defaults())) {
            float[] scores = scorer.score(TestModels.flatten(new float[][] {human, robot}), 2);
            assertThat(scores[0]).isLessThan(0.2f);
            assertThat(scores[1]).isGreaterThan(0.8f);
        }
    }

    @Test
    void fallsBackToTheCpuWhenCudaIsUnavailable() throws Exception {
        // the CPU build of ONNX Runtime on the build machine has no CUDA provider
        org.junit.jupiter.api.Assumptions.assumeFalse(
                OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
        ScorerOptions cuda = ScorerOptions.defaults().withProvider(ExecutionProvider.CUDA, 0);
        float[][] batch = randomRows(20, 9L);
        try (OnnxScorer scorer = OnnxScorer.open(models.onnx(), TestModels.NAMES, cuda)) {
            assertThat(scorer.activeProvider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(scorer.fallbackReason()).get().asString().contains("CUDA");
            float[] expected = models.trainerScores(batch);
            float[] actual = scorer.score(TestModels.flatten(batch), 20);
            for (int i = 0; i < 20; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void honoursThreadsAndOptimizationLevels() throws Exception {
        float[][] batch = randomRows(30, 11L);
        float[] expected = models.trainerScores(batch);
        for (GraphOptimization level : GraphOptimization.values()) {
            ScorerOptions options =
                    ScorerOptions.defaults().withIntraOpThreads(2).withOptimization(level);
            try (OnnxScorer scorer = OnnxScorer.open(models.onnx(), TestModels.NAMES, options)) {
                float[] actual = scorer.score(TestModels.flatten(batch), 30);
                for (int i = 0; i < 30; i++) {
                    assertThat(actual[i]).as(level.name()).isCloseTo(expected[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void refusesAModelOfAnotherWidth() {
        assertThatThrownBy(
                        () ->
                                OnnxScorer.open(
                                        models.onnx(),
                                        TestModels.NAMES.subList(0, 23),
                                        ScorerOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("[-1, " + TestModels.F + "]")
                .hasMessageContaining("23 features");
    }

    @Test
    void refusesAModelTrainedOnOtherFeatureNames() {
        List<String> swapped = new ArrayList<>(TestModels.NAMES);
        swapped.set(0, TestModels.NAMES.get(1));
        swapped.set(1, TestModels.NAMES.get(0));
        assertThatThrownBy(() -> OnnxScorer.open(models.onnx(), swapped, ScorerOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("trained on features");
    }

    @Test
    void refusesAModelWithOtherInputOrOutputNames() {
        byte[] renamedInput = rename(models.onnx(), "features", "x");
        assertThatThrownBy(
                        () ->
                                OnnxScorer.open(
                                        renamedInput, TestModels.NAMES, ScorerOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("one input named 'features'")
                .hasMessageContaining("[x]");
        byte[] renamedOutput = rename(models.onnx(), "score", "probability_out");
        assertThatThrownBy(
                        () ->
                                OnnxScorer.open(
                                        renamedOutput, TestModels.NAMES, ScorerOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no output named 'score'");
    }

    @Test
    void refusesBadFeatureNameMetadata() {
        byte[] bad =
                edit(
                        models.onnx(),
                        model -> {
                            model.clearMetadataProps();
                            model.addMetadataProps(
                                    OnnxMl.StringStringEntryProto.newBuilder()
                                            .setKey(OnnxScorer.FEATURE_NAMES_METADATA)
                                            .setValue("{not json"));
                            return model;
                        });
        assertThatThrownBy(() -> OnnxScorer.open(bad, TestModels.NAMES, ScorerOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("slidr.feature_names");
    }

    @Test
    void acceptsAModelWithoutFeatureNameMetadata() throws Exception {
        byte[] plain =
                edit(
                        models.onnx(),
                        model -> {
                            model.clearMetadataProps();
                            return model;
                        });
        try (OnnxScorer scorer =
                OnnxScorer.open(plain, TestModels.NAMES, ScorerOptions.defaults())) {
            assertThat(scorer.score(models.reference(), 1)).hasSize(1);
        }
    }

    @Test
    void refusesBytesThatAreNoModel() {
        assertThatThrownBy(
                        () ->
                                OnnxScorer.open(
                                        "not a model"
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                        TestModels.NAMES,
                                        ScorerOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("cannot load the model");
        assertThatThrownBy(
                        () ->
                                OnnxScorer.open(
                                        new byte[0], TestModels.NAMES, ScorerOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void refusesMalformedScoringCalls() throws Exception {
        OnnxScorer scorer =
                OnnxScorer.open(models.onnx(), TestModels.NAMES, ScorerOptions.defaults());
        int f = TestModels.F;
        assertThatThrownBy(() -> scorer.score(new float[2 * f - 1], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need " + 2 * f + " values, got " + (2 * f - 1));
        assertThatThrownBy(() -> scorer.score(new float[f], -1))
                .isInstanceOf(IllegalArgumentException.class);
        scorer.close();
        scorer.close();
        assertThatThrownBy(() -> scorer.score(new float[f], 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void scorerOptionsRefuseNonsense() {
        assertThatThrownBy(() -> ScorerOptions.defaults().withIntraOpThreads(0))
                .hasMessageContaining("intra-op threads");
        assertThatThrownBy(() -> ScorerOptions.defaults().withProvider(ExecutionProvider.CUDA, -1))
                .hasMessageContaining("CUDA device index");
        assertThat(ScorerOptions.defaults().intraOpThreads()).isEqualTo(1);
    }

    private static byte[] rename(byte[] onnx, String from, String to) {
        return edit(
                onnx,
                model -> {
                    OnnxMl.GraphProto.Builder graph = model.getGraphBuilder();
                    for (OnnxMl.ValueInfoProto.Builder v : graph.getInputBuilderList()) {
                        if (v.getName().equals(from)) {
                            v.setName(to);
                        }
                    }
                    for (OnnxMl.ValueInfoProto.Builder v : graph.getOutputBuilderList()) {
                        if (v.getName().equals(from)) {
                            v.setName(to);
                        }
                    }
                    for (OnnxMl.NodeProto.Builder node : graph.getNodeBuilderList()) {
                        for (int i = 0; i < node.getInputCount(); i++) {
                            if (node.getInput(i).equals(from)) {
                                node.setInput(i, to);
                            }
                        }
                        for (int i = 0; i < node.getOutputCount(); i++) {
                            if (node.getOutput(i).equals(from)) {
                                node.setOutput(i, to);
                            }
                        }
                    }
                    return model;
                });
    }

    private static byte[] edit(byte[] onnx, UnaryOperator<OnnxMl.ModelProto.Builder> change) {
        try {
            return change.apply(OnnxMl.ModelProto.parseFrom(onnx).toBuilder())
                    .build()
                    .toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
