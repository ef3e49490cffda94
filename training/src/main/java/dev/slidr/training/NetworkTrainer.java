package dev.slidr.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a {@link RobotNetwork} with mini-batch Adam on weighted cross-entropy plus L2, and stops
 * early when the validation loss has not improved for {@code patience} epochs, keeping the best
 * epoch's parameters.
 *
 * <p>Adam is written by hand for the reason given on {@link RobotNetwork}. Runs are deterministic
 * for a seed: shuffling and initialization come from seeded generators, each mini-batch is cut into
 * a fixed number of shards whose gradients are computed in parallel into separate buffers, and the
 * buffers are summed in shard order, so the thread count and scheduling never change a single bit
 * of the result.
 *
 * <pre>{@code
 * RobotNetwork net = RobotNetwork.mlp(features, 64, 32, options.seed());
 * TrainingHistory history = new NetworkTrainer(options).train(net, train, validation);
 * }</pre>
 */
public final class NetworkTrainer {

    private final TrainingOptions options;
    private final EpochListener listener;

    public NetworkTrainer(TrainingOptions options) {
        this(options, EpochListener.NONE);
    }

    /** A trainer that tells {@code listener} about every epoch as it ends. */
    public NetworkTrainer(TrainingOptions options, EpochListener listener) {
        this.options = options;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public TrainingOptions options() {
        return options;
    }

    /** Trains {@code net} in place on normalized rows and returns what happened. */
    public TrainingHistory train(RobotNetwork net, TrainingSet train, TrainingSet validation) {
        if (train.features() != net.features() || validation.features() != net.features()) {
            throw new InvalidTrainingDataException(
                    "network expects "
                            + net.features()
                            + " features, training rows have "
                            + train.features()
                            + " and validation rows "
                            + validation.features());
        }
        int shards = options.shards();
        int threads = Math.min(options.threads(), shards);
        ExecutorService pool =
                threads > 1
                        ? Executors.newFixedThreadPool(
                                threads,
                                r -> {
                                    Thread t = new Thread(r, "slidr-trainer");
                                    t.setDaemon(true);
                                    return t;
                                })
                        : null;
        try {
            return run(net, train, validation, pool);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private TrainingHistory run(
            RobotNetwork net, TrainingSet train, TrainingSet validation, ExecutorService pool) {
        int p = net.parameterCount();
        int shards = options.shards();
        double[] params = net.parameterArray();
        double[] m = new double[p];
        double[] v = new double[p];
        double[] grad = new double[p];
        double[][] shardGrad = new double[shards][p];
        double[] shardLoss = new double[shards];
        RobotNetwork.Workspace[] workspaces = new RobotNetwork.Workspace[shards];
        for (int s = 0; s < shards; s++) {
            workspaces[s] = new RobotNetwork.Workspace(net);
        }
        int n = train.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random shuffle = new Random(options.seed() * 0x9E3779B97F4A7C15L + 1);

        List<Double> trainLoss = new ArrayList<>();
        List<Double> validationLoss = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        double[] bestParams = params.clone();
        int bestEpoch = 0;
        int sinceBest = 0;
        long step = 0;
        double b1 = options.beta1();
        double b2 = options.beta2();
        boolean stoppedEarly = false;

        for (int epoch = 0; epoch < options.maxEpochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            double epochLoss = 0;
            double epochWeight = 0;
            for (int start = 0; start < n; start += options.batchSize()) {
                int end = Math.min(n, start + options.batchSize());
                double batchWeight = 0;
                for (int r = start; r < end; r++) {
                    batchWeight += train.w()[order[r]];
                }
                if (batchWeight == 0) {
                    continue;
                }
                computeShards(
                        net, train, order, start, end, shardGrad, shardLoss, workspaces, pool);
                Arrays.fill(grad, 0);
                double batchLoss = 0;
                for (int s = 0; s < shards; s++) {
                    double[] g = shardGrad[s];
                    for (int k = 0; k < p; k++) {
                        grad[k] += g[k];
                    }
                    batchLoss += shardLoss[s];
                }
                epochLoss += batchLoss;
                epochWeight += batchWeight;
                double inv = 1.0 / batchWeight;
                for (int k = 0; k < p; k++) {
                    grad[k] *= inv;
                }
                net.addL2Gradient(options.l2(), grad);
                step++;
                double c1 = 1 - StrictMath.pow(b1, step);
                double c2 = 1 - StrictMath.pow(b2, step);
                double lr = options.learningRate();
                for (int k = 0; k < p; k++) {
                    double g = grad[k];
                    m[k] = b1 * m[k] + (1 - b1) * g;
                    v[k] = b2 * v[k] + (1 - b2) * g * g;
                    params[k] -= lr * (m[k] / c1) / (Math.sqrt(v[k] / c2) + options.epsilon());
                }
            }
            trainLoss.add(epochLoss / epochWeight);
            double val = net.weightedLoss(validation);
            if (!Double.isFinite(val)) {
                throw new IllegalStateException(
                        "training diverged: validation loss is " + val + " after epoch " + epoch);
            }
            validationLoss.add(val);
            boolean improved = val < best - options.minImprovement();
            listener.epochDone(epoch + 1, epochLoss / epochWeight, val, improved);
            if (improved) {
                best = val;
                bestEpoch = epoch;
                System.arraycopy(params, 0, bestParams, 0, p);
                sinceBest = 0;
            } else if (++sinceBest >= options.patience()) {
                stoppedEarly = epoch + 1 < options.maxEpochs();
                break;
            }
        }
        System.arraycopy(bestParams, 0, params, 0, p);
        return new TrainingHistory(trainLoss, validationLoss, bestEpoch, stoppedEarly);
    }

    private void computeShards(
            RobotNetwork net,
            TrainingSet train,
            int[] order,
            int start,
            int end,
            double[][] shardGrad,
            double[] shardLoss,
            RobotNetwork.Workspace[] workspaces,
            ExecutorService pool) {
        int shards = shardGrad.length;
        int len = end - start;
        if (pool == null) {
            for (int s = 0; s < shards; s++) {
                shardLoss[s] = shard(net, train, order, start, len, s, shardGrad, workspaces);
            }
            return;
        }
        List<Callable<Double>> tasks = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            int shard = s;
            tasks.add(() -> shard(net, train, order, start, len, shard, shardGrad, workspaces));
        }
        try {
            List<Future<Double>> results = pool.invokeAll(tasks);
            for (int s = 0; s < shards; s++) {
                shardLoss[s] = results.get(s).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("gradient shard failed", e.getCause());
        }
    }

    private static double shard(
            RobotNetwork net,
            TrainingSet train,
            int[] order,
            int start,
            int len,
            int s,
            double[][] shardGrad,
            RobotNetwork.Workspace[] workspaces) {
        int shards = shardGrad.length;
        int from = start + (int) ((long) len * s / shards);
        int to = start + (int) ((long) len * (s + 1) / shards);
        double[] g = shardGrad[s];
        Arrays.fill(g, 0);
        return net.accumulate(train.x(), train.y(), train.w(), order, from, to, g, workspaces[s]);
    }
}
