package dev.slidr.training.report;

import dev.slidr.training.TrainingHistory;
import java.util.List;
import java.util.Objects;

/**
 * The per-epoch training and validation loss of one trained model.
 *
 * @param model the model's name (e.g. {@code network}, {@code logistic regression})
 * @param trainLoss training loss per epoch
 * @param validationLoss validation loss per epoch
 * @param bestEpoch 0-based epoch whose parameters were kept, or -1
 */
public record LossCurve(
        String model, List<Double> trainLoss, List<Double> validationLoss, int bestEpoch) {

    public LossCurve {
        Objects.requireNonNull(model, "model");
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
    }

    /** The curve of a trainer's history. */
    public static LossCurve of(String model, TrainingHistory history) {
        return new LossCurve(
                model, history.trainLoss(), history.validationLoss(), history.bestEpoch());
    }
}
