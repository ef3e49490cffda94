package dev.slidr.inference.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores raw feature rows with one ONNX Runtime session: input {@code features} float[N, F], output
 * {@code score} float[N, 1] = P(robotic).
 *
 * <p>The model is checked when it is opened: one float input named {@code features} of width F, an
 * output named {@code score} of width 1 and, when the graph carries {@code slidr.feature_names}
 * metadata, exactly the expected feature names in order. A model that asks for CUDA where the CUDA
 * provider is missing (the CPU build of ONNX Runtime) or cannot start runs on the CPU instead, with
 * a logged warning; {@link #activeProvider()} says which one runs.
 *
 * <p>Not thread-safe: one scorer per thread (per Flink subtask). Rows are copied into one direct
 * buffer that is reused across calls, so ONNX Runtime reads them without another copy.
 *
 * <pre>{@code
 * try (OnnxScorer scorer = OnnxScorer.open(modelBytes, FeatureSchema.CURRENT.names(), ScorerOptions.defaults())) {
 *     float[] scores = scorer.score(flatRows, rows);   // flatRows: rows x F, row-major
 * }
 * }</pre>
 */
public final class OnnxScorer implements AutoCloseable {

    /** Name of the graph input. */
    public static final String INPUT = "features";

    /** Name of the graph output. */
    public static final String OUTPUT = "score";

    /** Model metadata key holding the feature names as a JSON array. */
    public static final String FEATURE_NAMES_METADATA = "slidr.feature_names";

    private static final Logger LOG = LoggerFactory.getLogger(OnnxScorer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OUTPUTS = Set.of(OUTPUT);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int features;
    private final ExecutionProvider activeProvider;
    private final String fallbackReason;
    private FloatBuffer input;
    private boolean closed;

    private OnnxScorer(
            OrtEnvironment env,
            OrtSession session,
            int features,
            ExecutionProvider activeProvider,
            String fallbackReason) {
        this.env = env;
        this.session = session;
        this.features = features;
        this.activeProvider = activeProvider;
        this.fallbackReason = fallbackReason;
        this.input = allocate(64 * features);
    }

    /**
     * Opens a session on {@code model} and checks it against the feature list it will be fed.
     *
     * @param model the serialized ONNX model
     * @param featureNames the feature names in column order (F = their number)
     * @param options provider, threads and optimization level
     * @throws InvalidModelException when ONNX Runtime cannot load the bytes or the graph does not
     *     match the expected input, output or features
     */
    public static OnnxScorer open(byte[] model, List<String> featureNames, ScorerOptions options)
            throws InvalidModelException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(featureNames, "featureNames");
        Objects.requireNonNull(options, "options");
        if (model.length == 0) {
            throw new InvalidModelException("the model is empty (0 bytes)");
        }
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("the expected feature list is empty");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ExecutionProvider active = options.provider();
        String fallback = null;
        OrtSession session;
        if (options.provider() == ExecutionProvider.CUDA) {
            try {
                session = createSession(env, model, options, true);
            } catch (OrtException | RuntimeException e) {
                fallback = "CUDA execution provider unavailable: " + e.getMessage();
                LOG.warn(
                        "ONNX Runtime cannot run on CUDA device {} ({}); scoring on the CPU",
                        options.cudaDeviceIndex(),
                        e.getMessage());
                active = ExecutionProvider.CPU;
                session = openOnCpu(env, model, options);
            }
        } else {
            session = openOnCpu(env, model, options);
        }
        try {
            validate(session, featureNames);
        } catch (InvalidModelException e) {
            closeQuietly(session, e);
            throw e;
        } catch (OrtException e) {
            InvalidModelException invalid =
                    new InvalidModelException(
                            "cannot read the model's inputs and outputs: " + e.getMessage(), e);
            closeQuietly(session, invalid);
            throw invalid;
        }
        LOG.info(
                "ONNX model opened on {} ({} features, {} intra-op threads, optimization {})",
                active,
                featureNames.size(),
                options.intraOpThreads(),
                options.optimization());
        return new OnnxScorer(env, session, featureNames.size(), active, fallback);
    }

    private static OrtSession openOnCpu(OrtEnvironment env, byte[] model, ScorerOptions options)
            throws InvalidModelException {
        try {
            return createSession(env, model, options, false);
        } catch (OrtException e) {
            throw new InvalidModelException(
                    "ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    private static OrtSession createSession(
            OrtEnvironment env, byte[] model, ScorerOptions options, boolean cuda)
            throws OrtException {
        if (cuda && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new OrtException(
                    "this ONNX Runtime build has no CUDA provider (available: "
                            + OrtEnvironment.getAvailableProviders()
                            + "); the onnxruntime_gpu jar provides it");
        }
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setOptimizationLevel(options.optimization().ortLevel());
            if (cuda) {
                sessionOptions.addCUDA(options.cudaDeviceIndex());
            }
            return env.createSession(model, sessionOptions);
        }
    }

    private static void validate(OrtSession session, List<String> featureNames)
            throws OrtException, InvalidModelException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1 || !inputs.containsKey(INPUT)) {
            throw new InvalidModelException(
                    "the model must have exactly one input named '"
                            + INPUT
                            + "', has "
                            + inputs.keySet());
        }
        TensorInfo in = tensorInfo(inputs.get(INPUT), "input");
        long[] inShape = in.getShape();
        if (inShape.length != 2 || inShape[1] != featureNames.size()) {
            throw new InvalidModelException(
                    "input '"
                            + INPUT
                            + "' has shape "
                            + Arrays.toString(inShape)
                            + ", expected [N, "
                            + featureNames.size()
                            + "] for "
                            + featureNames.size()
                            + " features");
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (!outputs.containsKey(OUTPUT)) {
            throw new InvalidModelException(
                    "the model has no output named '" + OUTPUT + "', has " + outputs.keySet());
        }
        long[] outShape = tensorInfo(outputs.get(OUTPUT), "output").getShape();
        if (outShape.length != 2 || outShape[1] != 1) {
            throw new InvalidModelException(
                    "output '"
                            + OUTPUT
                            + "' has shape "
                            + Arrays.toString(outShape)
                            + ", expected [N, 1]");
        }
        Optional<String> names =
                session.getMetadata().getCustomMetadataValue(FEATURE_NAMES_METADATA);
        if (names.isPresent()) {
            List<String> declared = parseNames(names.get());
            if (!declared.equals(featureNames)) {
                throw new InvalidModelException(
                        "the model was trained on features "
                                + declared
                                + ", the scorer is fed "
                                + featureNames);
            }
        }
    }

    private static TensorInfo tensorInfo(NodeInfo node, String what) throws InvalidModelException {
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new InvalidModelException(
                    what + " '" + node.getName() + "' is not a tensor: " + node.getInfo());
        }
        if (tensor.type != OnnxJavaType.FLOAT) {
            throw new InvalidModelException(
                    what + " '" + node.getName() + "' is " + tensor.type + ", expected FLOAT");
        }
        return tensor;
    }

    private static List<String> parseNames(String json) throws InvalidModelException {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new InvalidModelException(
                    "metadata '" + FEATURE_NAMES_METADATA + "' is not a JSON array of names", e);
        }
    }

    private static void closeQuietly(OrtSession session, Exception cause) {
        try {
            session.close();
        } catch (OrtException e) {
            cause.addSuppressed(e);
        }
    }

    private static FloatBuffer allocate(int floats) {
        // ONNX Runtime wraps a direct buffer in native byte order without copying it
        return ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** The number of features per row, F. */
    public int featureCount() {
        return features;
    }

    /** The provider the session runs on: CPU when CUDA was asked for but unavailable. */
    public ExecutionProvider activeProvider() {
        return activeProvider;
    }

    /** Why the scorer runs on the CPU although CUDA was asked for; empty otherwise. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /**
     * Scores {@code rows} rows laid out row-major in {@code flatRows} (row {@code i} at {@code [i *
     * F, (i + 1) * F)}); entries past {@code rows * F} are ignored.
     *
     * @return one score per row
     * @throws ScoringException when ONNX Runtime fails to run the batch
     */
    public float[] score(float[] flatRows, int rows) {
        if (closed) {
            throw new IllegalStateException("the scorer is closed");
        }
        Objects.requireNonNull(flatRows, "flatRows");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
        if (rows == 0) {
            return new float[0];
        }
        long needed = (long) rows * features;
        if (needed > flatRows.length) {
            throw new IllegalArgumentException(
                    rows
                            + " rows of "
                            + features
                            + " features need "
                            + needed
                            + " values, got "
                            + flatRows.length);
        }
        if (needed > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("batch of " + rows + " rows is too large");
        }
        int n = (int) needed;
        if (input.capacity() < n) {
            input = allocate(Math.max(n, input.capacity() * 2));
        }
        input.clear();
        input.put(flatRows, 0, n);
        input.flip();
        float[] scores = new float[rows];
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {rows, features});
                OrtSession.Result result = session.run(Map.of(INPUT, tensor), OUTPUTS)) {
            OnnxValue value =
                    result.get(OUTPUT)
                            .orElseThrow(
                                    () -> new OrtException("the run returned no '" + OUTPUT + "'"));
            FloatBuffer out = ((OnnxTensor) value).getFloatBuffer();
            if (out.remaining() != rows) {
                throw new OrtException(
                        "the model returned " + out.remaining() + " scores for " + rows + " rows");
            }
            out.get(scores);
        } catch (OrtException e) {
            throw new ScoringException(
                    "ONNX Runtime failed to score " + rows + " rows: " + e.getMessage(), e);
        }
        return scores;
    }

    /** Closes the session; the process-wide ONNX Runtime environment stays for other sessions. */
    @Override
    public void close() throws OrtException {
        if (!closed) {
            closed = true;
            session.close();
        }
    }
}
