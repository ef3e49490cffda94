package dev.slidr.contract;

import java.util.Objects;

/**
 * One row of the RFM table: a customer's recency, frequency and monetary scores, each in [1, 5],
 * and their combined score (the mean of the three), used by weak labelling.
 */
public record RfmRow(String customerId, int recency, int frequency, int monetary) {

    public RfmRow {
        Objects.requireNonNull(customerId, "customerId");
        checkScore("recency", recency);
        checkScore("frequency", frequency);
        checkScore("monetary", monetary);
    }

    /** The combined RFM score in [1, 5]. */
    public double score() {
        return (recency + frequency + monetary) / 3.0;
    }

    private static void checkScore(String name, int value) {
        if (value < 1 || value > 5) {
            throw new IllegalArgumentException(name + " must be in [1, 5], was " + value);
        }
    }
}
