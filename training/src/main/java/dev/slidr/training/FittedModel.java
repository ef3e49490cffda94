package dev.slidr.training;

/** A trained scoring model together with the history of the run that produced it. */
public record FittedModel(ScoringModel model, TrainingHistory history) {}
