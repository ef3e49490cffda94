package dev.slidr.training;

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
        RobotNetwork net =
                RobotNetwork.mlp(normalizer.features(), hidden1, hidden2, options.seed());
        return fit(net, normalizer, rawTrain, rawValidation);
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
