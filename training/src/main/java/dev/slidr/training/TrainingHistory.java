package dev.slidr.training;

import java.util.List;

/**
 * What one training run did: the loss per epoch, which epoch's parameters were kept, and whether
 * early stopping ended it.
 *
 * @param trainLoss weighted mean training cross-entropy per epoch (running average over the epoch's
 *     mini-batches, without L2)
 * @param validationLoss weighted mean validation cross-entropy after each epoch
 * @param bestEpoch 0-based epoch whose parameters the network holds
 * @param stoppedEarly true when patience ran out before {@code maxEpochs}
 */
public record TrainingHistory(
        List<Double> trainLoss, List<Double> validationLoss, int bestEpoch, boolean stoppedEarly) {

    public TrainingHistory {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
    }

    public int epochsRun() {
        return validationLoss.size();
    }

    public double bestValidationLoss() {
        return validationLoss.get(bestEpoch);
    }
}
