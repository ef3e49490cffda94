package dev.slidr.training;

import java.util.List;

/**
 * A fitted scoring model and how its fit went: one history per network trained, in training order
 * (one, unless the model averages several; see {@link RobotNetwork#average}).
 */
public record FittedModel(ScoringModel model, List<TrainingHistory> histories) {

    public FittedModel {
        histories = List.copyOf(histories);
        if (histories.isEmpty()) {
            throw new IllegalArgumentException("a fitted model has at least one training history");
        }
    }

    public FittedModel(ScoringModel model, TrainingHistory history) {
        this(model, List.of(history));
    }

    /** The first (for a single network, the only) network's history. */
    public TrainingHistory history() {
        return histories.get(0);
    }
}
