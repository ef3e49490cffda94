package dev.slidr.training;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a {@link ScoringModel} as an ONNX graph with Tribuo's ONNX builder, normalization
 * included, so that the live path feeds raw features.
 *
 * <p>The graph, in opset 13: input {@code features} float[N, F] (N dynamic) → for count columns
 * {@code Log(Add(Mul(Relu(x), countMask), 1))}, for the others {@code Mul(x, 1 - countMask)},
 * summed → {@code Sub(mean)} → {@code Div(scale)} → per dense layer {@code Gemm(transB=1)} with
 * {@code Relu} between layers → {@code Sigmoid} → output {@code score} float[N, 1]. Masks multiply
 * rather than select so that the non-count columns pass through bit-exactly and the count columns
 * never see a log of a negative number.
 *
 * <pre>{@code
 * byte[] onnx = OnnxModelExporter.toBytes(model, metadata);
 * }</pre>
 */
public final class OnnxModelExporter {

    /** Name of the graph input. */
    public static final String INPUT = "features";

    /** Name of the graph output. */
    public static final String OUTPUT = "score";

    // IR version 7 is the one that introduced opset 13
    private static final long IR_VERSION = 7;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxModelExporter() {}

    /** The serialized ONNX model. */
    public static byte[] toBytes(ScoringModel model, OnnxModelMetadata metadata) {
        return build(model, metadata).toByteArray();
    }

    /** Writes the ONNX model to {@code file}, replacing it. */
    public static void write(ScoringModel model, OnnxModelMetadata metadata, Path file)
            throws IOException {
        OnnxMl.ModelProto proto = build(model, metadata);
        try (OutputStream out = Files.newOutputStream(file)) {
            proto.writeTo(out);
        }
    }

    static OnnxMl.ModelProto build(ScoringModel model, OnnxModelMetadata metadata) {
        int features = model.features();
        if (metadata.featureNames().size() != features) {
            throw new IllegalArgumentException(
                    "metadata names "
                            + metadata.featureNames().size()
                            + " features, the model has "
                            + features);
        }
        ONNXContext ctx = new ONNXContext();
        ctx.setName("slidr_" + metadata.modelKind());
        ONNXPlaceholder input = ctx.floatInput(INPUT, features);
        ONNXPlaceholder output = ctx.floatOutput(OUTPUT, 1);

        ONNXRef<?> x = normalization(ctx, input, model.normalizer());
        RobotNetwork net = model.network();
        int[] sizes = net.layerSizes();
        for (int l = 0; l < net.layers(); l++) {
            double[] w = net.weights(l);
            ONNXInitializer weight =
                    ctx.floatTensor(
                            "dense" + l + "_weight",
                            List.of(sizes[l + 1], sizes[l]),
                            buffer -> {
                                for (double value : w) {
                                    buffer.put((float) value);
                                }
                            });
            ONNXInitializer bias = ctx.array("dense" + l + "_bias", toFloats(net.biases(l)));
            x =
                    x.apply(
                                    ONNXOperators.GEMM,
                                    List.<ONNXRef<?>>of(weight, bias),
                                    List.of("dense" + l),
                                    Map.of("transB", 1))
                            .get(0);
            if (l < net.layers() - 1) {
                x = x.apply(OnnxOperator.RELU, "dense" + l + "_relu");
            }
        }
        ONNXNode probability = x.apply(ONNXOperators.SIGMOID, "probability");
        probability.assignTo(output);

        return OnnxMl.ModelProto.newBuilder()
                .setGraph(ctx.buildGraph())
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName(OnnxModelMetadata.PRODUCER)
                .setProducerVersion(metadata.modelVersion())
                .setDomain("dev.slidr")
                .setDocString(
                        "P(robotic) of a click from raw "
                                + metadata.featureVersion()
                                + " features ("
                                + metadata.modelKind()
                                + ")")
                .addMetadataProps(entry("slidr.model_version", metadata.modelVersion()))
                .addMetadataProps(
                        entry(OnnxModelMetadata.FEATURE_VERSION, metadata.featureVersion()))
                .addMetadataProps(
                        entry(OnnxModelMetadata.FEATURE_NAMES, toJson(metadata.featureNames())))
                .addMetadataProps(entry(OnnxModelMetadata.MODEL_KIND, metadata.modelKind()))
                .build();
    }

    private static ONNXRef<?> normalization(
            ONNXContext ctx, ONNXPlaceholder input, FeatureNormalizer normalizer) {
        boolean[] mask = normalizer.logMask();
        float[] countMask = new float[mask.length];
        float[] linearMask = new float[mask.length];
        boolean anyCount = false;
        for (int j = 0; j < mask.length; j++) {
            countMask[j] = mask[j] ? 1f : 0f;
            linearMask[j] = mask[j] ? 0f : 1f;
            anyCount |= mask[j];
        }
        ONNXRef<?> transformed = input;
        if (anyCount) {
            ONNXNode clamped = input.apply(OnnxOperator.RELU, "counts_clamped");
            ONNXNode counts =
                    clamped.apply(ONNXOperators.MUL, ctx.array("count_mask", countMask), "counts");
            ONNXNode plusOne =
                    counts.apply(ONNXOperators.ADD, ctx.constant("one", 1f), "counts_plus_one");
            ONNXNode logged = plusOne.apply(OnnxOperator.LOG, "counts_log1p");
            ONNXNode linear =
                    input.apply(ONNXOperators.MUL, ctx.array("linear_mask", linearMask), "linear");
            transformed = linear.apply(ONNXOperators.ADD, logged, "transformed");
        }
        ONNXNode centered =
                transformed.apply(
                        ONNXOperators.SUB,
                        ctx.array("feature_mean", normalizer.mean()),
                        "centered");
        return centered.apply(
                ONNXOperators.DIV, ctx.array("feature_scale", normalizer.scale()), "normalized");
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static String toJson(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write feature names as JSON", e);
        }
    }
}
