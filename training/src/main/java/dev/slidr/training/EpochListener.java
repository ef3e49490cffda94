package dev.slidr.training;

/**
 * Told after every epoch of a fit, as it happens, so that a long training run shows its progress
 * rather than its history at the end.
 *
 * <pre>{@code
 * new NetworkTrainer(options, (epoch, train, validation, best) ->
 *         System.err.printf("epoch %d  %.5f  %.5f%s%n", epoch, train, validation, best ? " *" : ""));
 * }</pre>
 */
@FunctionalInterface
public interface EpochListener {

    /** A listener that ignores every epoch. */
    EpochListener NONE = (epoch, trainLoss, validationLoss, best) -> {};

    /**
     * @param epoch the epoch just finished, from 1
     * @param trainLoss its weighted mean training loss
     * @param validationLoss the weighted validation loss after it
     * @param best whether it is the best epoch so far (the parameters kept if none beats it)
     */
    void epochDone(int epoch, double trainLoss, double validationLoss, boolean best);

    /**
     * Told before each network of a {@link ScoringModelTrainer#networks} fit starts (members 1 for
     * a single network), so that the epochs which follow can be told apart.
     *
     * @param member the network about to be fitted, from 1
     * @param members how many networks the model averages
     */
    default void fitStarted(int member, int members) {}
}
