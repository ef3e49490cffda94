package dev.slidr.training.pipeline;

/**
 * The current stable model's holdout figures, read from its manifest's {@code metrics}, that a
 * candidate must not fall far below.
 *
 * @param version the stable model version
 * @param auc its combined holdout AUC (NaN when the manifest lacks it)
 * @param ivr its combined holdout IVR at the budget (NaN when the manifest lacks it)
 */
public record StableReference(String version, double auc, double ivr) {}
