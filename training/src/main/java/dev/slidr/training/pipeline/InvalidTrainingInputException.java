package dev.slidr.training.pipeline;

/** The inputs leave nothing to train on (no valid clicks, an empty split, no purchases). */
public final class InvalidTrainingInputException extends RuntimeException {

    public InvalidTrainingInputException(String message) {
        super(message);
    }
}
