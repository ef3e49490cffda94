package dev.slidr.training;

/** Thrown when rows, labels, weights or slice ids handed to the training core are unusable. */
public final class InvalidTrainingDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidTrainingDataException(String reason) {
        super(reason);
    }
}
