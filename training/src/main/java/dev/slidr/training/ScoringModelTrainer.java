package dev.slidr.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fits the network and the logistic-regression baseline on raw rows with one normalizer and one
 * optimizer, so that the two differ only in their hidden layers.
 *
 * <pre>{@code
 * FeatureNormalizer normalizer = FeatureNormalizer.fit(train.x(), countMask, 1e-3);
 * ScoringModelTrainer trainer = new ScoringModelTrainer(TrainingOptions.defaults());
 * FittedModel network = trainer.network(64, 32, normalizer, train, validation);
 * FittedModel baseline = trainer.logisticRegression(normalizer, train, validation);
 * }</pre>
 */
public final class ScoringModelTrainer {

    /** The step between the seeds of averaged networks, a prime far from any small seed. */
    public static final long MEMBER_SEED_STEP = 1_000_003L;

    private final TrainingOptions options;
    private final EpochListener listener;

    public ScoringModelTrainer(TrainingOptions options) {
        this(options, EpochListener.NONE);
    }

    /** A trainer whose fits tell {@code listener} about every epoch as it ends. */
    public ScoringModelTrainer(TrainingOptions options, EpochListener listener) {
        this.options = options;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The three-layer network with hidden widths {@code hidden1} and {@code hidden2}. */
    public FittedModel network(
            int hidden1,
            int hidden2,
            FeatureNormalizer normalizer,
            TrainingSet rawTrain,
            TrainingSet rawValidation) {
        return networks(1, hidden1, hidden2, normalizer, rawTrain, rawValidation);
    }

    /**
     * {@code members} three-layer networks fitted on the same rows, each with its own seed (the
     * options' seed plus {@value #MEMBER_SEED_STEP} times its index, so member 0 is the network
     * {@link #network} fits), {@link RobotNetwork#average averaged} into one network whose logit is
     * the mean of theirs. Averaging makes which robots a threshold reaches depend less on one run's
     * initialization and shuffling (docs/training.md).
     */
    public FittedModel networks(
            int members,
            int hidden1,
            int hidden2,
            FeatureNormalizer normalizer,
            TrainingSet rawTrain,
            TrainingSet rawValidation) {
        if (members < 1) {
            throw new IllegalArgumentException("networks must be at least 1, was " + members);
        }
        TrainingSet train = normalizer.transform(rawTrain);
        TrainingSet validation = normalizer.transform(rawValidation);
        List<RobotNetwork> nets = new ArrayList<>(members);
        List<TrainingHistory> histories = new ArrayList<>(members);
        for (int m = 0; m < members; m++) {
            long seed = options.seed() + MEMBER_SEED_STEP * m;
            listener.fitStarted(m + 1, members);
            RobotNetwork net = RobotNetwork.mlp(normalizer.features(), hidden1, hidden2, seed);
            histories.add(
                    new NetworkTrainer(options.withSeed(seed), listener)
                            .train(net, train, validation));
            nets.add(net);
        }
        RobotNetwork model = members == 1 ? nets.get(0) : RobotNetwork.average(nets);
        return new FittedModel(new ScoringModel(normalizer, model), histories);
    }

    /** Weighted, L2-regularized logistic regression on the same normalized inputs. */
    public FittedModel logisticRegression(
            FeatureNormalizer normalizer, TrainingSet rawTrain, TrainingSet rawValidation) {
        return fit(
                RobotNetwork.logisticRegression(normalizer.features()),
                normalizer,
                rawTrain,
                rawValidation);
    }

    private FittedModel fit(
            RobotNetwork net,
            FeatureNormalizer normalizer,
            TrainingSet rawTrain,
            TrainingSet rawValidation) {
        TrainingHistory history =
                new NetworkTrainer(options, listener)
                        .train(
                                net,
                                normalizer.transform(rawTrain),
                                normalizer.transform(rawValidation));
        return new FittedModel(new ScoringModel(normalizer, net), history);
    }
}
