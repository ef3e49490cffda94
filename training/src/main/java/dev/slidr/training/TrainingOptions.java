package dev.slidr.training;

/**
 * Optimizer settings for {@link NetworkTrainer}: mini-batch Adam with L2 on weights and early
 * stopping on the validation loss.
 *
 * <p>{@code shards} fixes how each mini-batch is split for parallel gradient computation; the
 * result depends on it (floating-point sums are reduced in shard order) but not on {@code threads},
 * so a seed gives bit-identical weights on any machine.
 *
 * @param learningRate Adam step size
 * @param beta1 Adam first-moment decay
 * @param beta2 Adam second-moment decay
 * @param epsilon Adam denominator floor
 * @param l2 L2 coefficient λ in {@code λ/2 · Σ W²}
 * @param batchSize rows per mini-batch
 * @param maxEpochs upper bound on passes over the training rows
 * @param patience epochs without a validation improvement before stopping
 * @param minImprovement smallest validation-loss decrease that counts as an improvement
 * @param seed seeds initialization and shuffling
 * @param shards fixed pieces each mini-batch is split into
 * @param threads worker threads computing the shards
 */
public record TrainingOptions(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double l2,
        int batchSize,
        int maxEpochs,
        int patience,
        double minImprovement,
        long seed,
        int shards,
        int threads) {

    public TrainingOptions {
        requireIn(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", learningRate);
        requireIn(beta1 >= 0 && beta1 < 1, "beta1", beta1);
        requireIn(beta2 >= 0 && beta2 < 1, "beta2", beta2);
        requireIn(epsilon > 0, "epsilon", epsilon);
        requireIn(l2 >= 0 && Double.isFinite(l2), "l2", l2);
        requireIn(batchSize > 0, "batch_size", batchSize);
        requireIn(maxEpochs > 0, "max_epochs", maxEpochs);
        requireIn(patience > 0, "patience", patience);
        requireIn(minImprovement >= 0, "min_improvement", minImprovement);
        requireIn(shards > 0 && shards <= batchSize, "shards", shards);
        requireIn(threads > 0, "threads", threads);
    }

    private static void requireIn(boolean ok, String name, double value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid training option " + name + ": " + value);
        }
    }

    /** Defaults that suit the v1 feature set: Adam 1e-3, λ 1e-4, batches of 512, patience 5. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(
                1e-3,
                0.9,
                0.999,
                1e-8,
                1e-4,
                512,
                100,
                5,
                1e-5,
                42L,
                4,
                Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public TrainingOptions withLearningRate(double value) {
        return new TrainingOptions(
                value,
                beta1,
                beta2,
                epsilon,
                l2,
                batchSize,
                maxEpochs,
                patience,
                minImprovement,
                seed,
                shards,
                threads);
    }

    public TrainingOptions withL2(double value) {
        return new TrainingOptions(
                learningRate,
                beta1,
                beta2,
                epsilon,
                value,
                batchSize,
                maxEpochs,
                patience,
                minImprovement,
                seed,
                shards,
                threads);
    }

    public TrainingOptions withBatchSize(int value) {
        return new TrainingOptions(
                learningRate,
                beta1,
                beta2,
                epsilon,
                l2,
                value,
                maxEpochs,
                patience,
                minImprovement,
                seed,
                shards,
                threads);
    }

    public TrainingOptions withEpochs(int maxEpochsValue, int patienceValue) {
        return new TrainingOptions(
                learningRate,
                beta1,
                beta2,
                epsilon,
                l2,
                batchSize,
                maxEpochsValue,
                patienceValue,
                minImprovement,
                seed,
                shards,
                threads);
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(
                learningRate,
                beta1,
                beta2,
                epsilon,
                l2,
                batchSize,
                maxEpochs,
                patience,
                minImprovement,
                value,
                shards,
                threads);
    }

    public TrainingOptions withParallelism(int shardsValue, int threadsValue) {
        return new TrainingOptions(
                learningRate,
                beta1,
                beta2,
                epsilon,
                l2,
                batchSize,
                maxEpochs,
                patience,
                minImprovement,
                seed,
                shardsValue,
                threadsValue);
    }
}
