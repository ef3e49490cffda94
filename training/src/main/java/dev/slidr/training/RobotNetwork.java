package dev.slidr.training;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A fully connected network over normalized features: dense layers with ReLU between them and a
 * sigmoid on the single output, the probability that a click is robotic.
 *
 * <p>The production model is {@link #mlp three layers} (input → h1 → h2 → 1); the
 * logistic-regression baseline is the same class with {@link #logisticRegression no hidden layer},
 * so both share one forward pass, one gradient, one optimizer and one ONNX export.
 *
 * <p>The layers and their gradients are written by hand on plain arrays: no JVM deep-learning
 * library is small and well kept enough to carry a network of a few thousand parameters (they bring
 * native runtimes, GPU back ends and hundreds of megabytes for what is here a few loops), and
 * hand-written loops give exact control over summation order, which the trainer needs for
 * bit-identical results across runs.
 *
 * <p>Parameters live in one {@code double[]}: for each layer its weights, row-major as {@code
 * [out][in]}, then its biases. L2 regularization applies to weights only.
 *
 * <pre>{@code
 * RobotNetwork net = RobotNetwork.mlp(30, 64, 32, 42L);
 * double p = net.probability(normalizedRow);
 * }</pre>
 */
public final class RobotNetwork {

    private final int[] sizes;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final double[] params;

    private RobotNetwork(int[] sizes, double[] params) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l + 1];
            biasOffset[l] = offset;
            offset += sizes[l + 1];
        }
        if (params == null) {
            this.params = new double[offset];
        } else {
            if (params.length != offset) {
                throw new IllegalArgumentException(
                        "expected " + offset + " parameters, got " + params.length);
            }
            this.params = params.clone();
        }
    }

    /**
     * The three-layer network: input → FC(h1) → ReLU → FC(h2) → ReLU → FC(1) → sigmoid, with
     * He-initialized weights (so ReLU units start with unit-variance activations) and zero biases.
     */
    public static RobotNetwork mlp(int features, int hidden1, int hidden2, long seed) {
        return withLayers(new int[] {features, hidden1, hidden2, 1}, seed);
    }

    /** Logistic regression: one dense layer to the sigmoid output, all parameters zero. */
    public static RobotNetwork logisticRegression(int features) {
        requirePositive(features, "features");
        return new RobotNetwork(new int[] {features, 1}, null);
    }

    /** A network with the given layer sizes (input first, last must be 1), He-initialized. */
    public static RobotNetwork withLayers(int[] sizes, long seed) {
        if (sizes == null || sizes.length < 2 || sizes[sizes.length - 1] != 1) {
            throw new IllegalArgumentException(
                    "layer sizes must list the input width and end with 1, got "
                            + Arrays.toString(sizes));
        }
        for (int size : sizes) {
            requirePositive(size, "layer size");
        }
        RobotNetwork net = new RobotNetwork(sizes, null);
        Random random = new Random(seed);
        for (int l = 0; l < net.layers(); l++) {
            double scale = Math.sqrt(2.0 / sizes[l]);
            int from = net.weightOffset[l];
            int to = from + sizes[l] * sizes[l + 1];
            for (int i = from; i < to; i++) {
                net.params[i] = random.nextGaussian() * scale;
            }
        }
        return net;
    }

    /** A network with the given layer sizes and parameters (as laid out by {@link #parameters}). */
    public static RobotNetwork of(int[] sizes, double[] params) {
        return new RobotNetwork(sizes, params);
    }

    /**
     * One network whose logit is the mean of the members' logits, with the members' depth: the
     * first layer stacks the members' rows (they all read the same input), each hidden layer holds
     * the members' layers on its block diagonal (zeros elsewhere, so member {@code m}'s units see
     * only member {@code m}'s units), and the output layer lays the members' output rows side by
     * side, divided by their count. Exact in real arithmetic: the ReLU acts unit by unit, so every
     * block computes what its member computed alone.
     *
     * <p>It stays a plain stack of dense layers, so the ONNX export, the scorer and the parity
     * check take it as they take one network: the live job scores an ensemble with one call.
     *
     * @throws IllegalArgumentException when there are no members or their layer sizes differ
     */
    public static RobotNetwork average(List<RobotNetwork> members) {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("an average needs at least one network");
        }
        int[] s = members.get(0).sizes;
        for (RobotNetwork member : members) {
            if (!Arrays.equals(member.sizes, s)) {
                throw new IllegalArgumentException(
                        "networks of different shapes cannot be averaged: "
                                + Arrays.toString(s)
                                + " and "
                                + Arrays.toString(member.sizes));
            }
        }
        int k = members.size();
        int layers = s.length - 1;
        int[] merged = new int[s.length];
        merged[0] = s[0];
        for (int l = 1; l < layers; l++) {
            merged[l] = k * s[l];
        }
        merged[layers] = 1;
        RobotNetwork out = new RobotNetwork(merged, null);
        for (int m = 0; m < k; m++) {
            RobotNetwork member = members.get(m);
            for (int l = 0; l < layers; l++) {
                boolean last = l == layers - 1;
                int rows = s[l + 1];
                int cols = s[l];
                // member m's block: its rows start at m * rows (one shared row in the output
                // layer), its columns at m * cols (the shared input columns in the first layer)
                int rowBase = last ? 0 : m * rows;
                int colBase = l == 0 ? 0 : m * cols;
                double share = last ? 1.0 / k : 1.0;
                for (int j = 0; j < rows; j++) {
                    int from = member.weightOffset[l] + j * cols;
                    int to = out.weightOffset[l] + (rowBase + j) * merged[l] + colBase;
                    for (int i = 0; i < cols; i++) {
                        out.params[to + i] += member.params[from + i] * share;
                    }
                    out.params[out.biasOffset[l] + rowBase + j] +=
                            member.params[member.biasOffset[l] + j] * share;
                }
            }
        }
        return out;
    }

    private static void requirePositive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    public int features() {
        return sizes[0];
    }

    /** Number of dense layers (3 for the production network, 1 for logistic regression). */
    public int layers() {
        return sizes.length - 1;
    }

    public int[] layerSizes() {
        return sizes.clone();
    }

    public int parameterCount() {
        return params.length;
    }

    /** A copy of all parameters in layout order. */
    public double[] parameters() {
        return params.clone();
    }

    /** The live parameter array; the trainer updates it in place. */
    double[] parameterArray() {
        return params;
    }

    public RobotNetwork copy() {
        return new RobotNetwork(sizes, params);
    }

    /** Weights of layer {@code l}, row-major {@code [out][in]}. */
    public double[] weights(int layer) {
        int from = weightOffset[layer];
        return Arrays.copyOfRange(params, from, from + sizes[layer] * sizes[layer + 1]);
    }

    public double[] biases(int layer) {
        int from = biasOffset[layer];
        return Arrays.copyOfRange(params, from, from + sizes[layer + 1]);
    }

    /** Whether parameter {@code index} is a weight (regularized) rather than a bias. */
    boolean isWeight(int index) {
        for (int l = 0; l < layers(); l++) {
            if (index >= weightOffset[l] && index < biasOffset[l]) {
                return true;
            }
        }
        return false;
    }

    /** The L2 penalty {@code λ/2 · Σ W²} over weights. */
    public double l2Penalty(double lambda) {
        double sum = 0;
        for (int l = 0; l < layers(); l++) {
            for (int i = weightOffset[l]; i < biasOffset[l]; i++) {
                sum += params[i] * params[i];
            }
        }
        return 0.5 * lambda * sum;
    }

    /** Adds the gradient of {@link #l2Penalty} to {@code grad}. */
    void addL2Gradient(double lambda, double[] grad) {
        for (int l = 0; l < layers(); l++) {
            for (int i = weightOffset[l]; i < biasOffset[l]; i++) {
                grad[i] += lambda * params[i];
            }
        }
    }

    /** The pre-sigmoid output for one normalized row. */
    public double logit(float[] row) {
        return forward(row, new Workspace(this));
    }

    /** P(robotic) for one normalized row. */
    public double probability(float[] row) {
        return sigmoid(logit(row));
    }

    // StrictMath rather than Math: Math.exp may use CPU-specific intrinsics, and the trainer
    // promises the same bits on every machine
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1.0 + e);
    }

    /** Binary cross-entropy of logit {@code z} against label {@code y}, stable for large |z|. */
    static double crossEntropy(double z, double y) {
        return Math.max(z, 0) - z * y + StrictMath.log1p(StrictMath.exp(-Math.abs(z)));
    }

    /** Per-thread scratch space for activations and deltas, reused across rows. */
    static final class Workspace {
        final double[][] act;
        final double[][] delta;

        Workspace(RobotNetwork net) {
            act = new double[net.sizes.length][];
            delta = new double[net.sizes.length][];
            for (int l = 0; l < net.sizes.length; l++) {
                act[l] = new double[net.sizes[l]];
                delta[l] = new double[net.sizes[l]];
            }
        }
    }

    double forward(float[] row, Workspace ws) {
        if (row.length != sizes[0]) {
            throw new InvalidTrainingDataException(
                    "row has " + row.length + " features, the network expects " + sizes[0]);
        }
        double[] in = ws.act[0];
        for (int k = 0; k < in.length; k++) {
            in[k] = row[k];
        }
        int last = layers() - 1;
        for (int l = 0; l <= last; l++) {
            double[] src = ws.act[l];
            double[] dst = ws.act[l + 1];
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            int w = weightOffset[l];
            int b = biasOffset[l];
            for (int j = 0; j < nOut; j++) {
                double s = params[b + j];
                int base = w + j * nIn;
                for (int k = 0; k < nIn; k++) {
                    s += params[base + k] * src[k];
                }
                // the stored activation of a hidden unit is post-ReLU; its sign is also the
                // ReLU derivative the backward pass needs
                dst[j] = l < last ? Math.max(s, 0) : s;
            }
        }
        return ws.act[sizes.length - 1][0];
    }

    /**
     * Adds {@code Σ w_i · ∂ℓ_i/∂θ} over rows {@code order[from..to)} to {@code grad} and returns
     * {@code Σ w_i · ℓ_i}, where ℓ is binary cross-entropy; no L2, no normalization by the weight
     * total (the caller owns both, so that shards can be summed first).
     */
    double accumulate(
            float[][] x,
            float[] y,
            float[] w,
            int[] order,
            int from,
            int to,
            double[] grad,
            Workspace ws) {
        double loss = 0;
        int last = layers() - 1;
        for (int r = from; r < to; r++) {
            int i = order[r];
            double wi = w[i];
            if (wi == 0) {
                continue;
            }
            double z = forward(x[i], ws);
            loss += wi * crossEntropy(z, y[i]);
            ws.delta[last + 1][0] = wi * (sigmoid(z) - y[i]);
            for (int l = last; l >= 0; l--) {
                double[] src = ws.act[l];
                double[] dOut = ws.delta[l + 1];
                int nIn = sizes[l];
                int nOut = sizes[l + 1];
                int wOff = weightOffset[l];
                int bOff = biasOffset[l];
                double[] dIn = ws.delta[l];
                if (l > 0) {
                    Arrays.fill(dIn, 0);
                }
                for (int j = 0; j < nOut; j++) {
                    double d = dOut[j];
                    if (d == 0) {
                        continue;
                    }
                    grad[bOff + j] += d;
                    int base = wOff + j * nIn;
                    if (l > 0) {
                        // one pass over the weight row feeds both the gradient and the delta
                        for (int k = 0; k < nIn; k++) {
                            grad[base + k] += d * src[k];
                            dIn[k] += params[base + k] * d;
                        }
                    } else {
                        for (int k = 0; k < nIn; k++) {
                            grad[base + k] += d * src[k];
                        }
                    }
                }
                if (l > 0) {
                    for (int k = 0; k < nIn; k++) {
                        if (src[k] <= 0) {
                            dIn[k] = 0;
                        }
                    }
                }
            }
        }
        return loss;
    }

    /**
     * The training objective on a whole set: weighted mean cross-entropy plus the L2 penalty. Used
     * by tests (finite differences) and for reporting.
     */
    public double objective(TrainingSet data, double lambda) {
        return weightedLoss(data) + l2Penalty(lambda);
    }

    /** Weighted mean cross-entropy over a set, the early-stopping criterion. */
    public double weightedLoss(TrainingSet data) {
        Workspace ws = new Workspace(this);
        double loss = 0;
        double total = 0;
        for (int i = 0; i < data.rows(); i++) {
            double wi = data.w()[i];
            if (wi == 0) {
                continue;
            }
            loss += wi * crossEntropy(forward(data.x()[i], ws), data.y()[i]);
            total += wi;
        }
        return loss / total;
    }

    /** Gradient of {@link #objective} over a whole set. */
    public double[] objectiveGradient(TrainingSet data, double lambda) {
        double[] grad = new double[params.length];
        int[] order = new int[data.rows()];
        double total = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            total += data.w()[i];
        }
        accumulate(data.x(), data.y(), data.w(), order, 0, order.length, grad, new Workspace(this));
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= total;
        }
        addL2Gradient(lambda, grad);
        return grad;
    }

    /** Scores many normalized rows. */
    public double[] probabilities(float[][] rows) {
        Workspace ws = new Workspace(this);
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = sigmoid(forward(rows[i], ws));
        }
        return out;
    }
}
