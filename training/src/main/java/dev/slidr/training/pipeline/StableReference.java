package dev.slidr.training.pipeline;

/**
 * The current stable model's holdout figures, read from its manifest's {@code metrics}, that a
 * candidate must not fall far below.
 *
 * @param version the stable model version
 * @param weakAuc its combined holdout AUC against the weak labels ({@code weak_auc}, or {@code auc}
 *     in bundles written before the rename; NaN when the manifest has neither)
 * @param ivr its combined holdout IVR at the budget (NaN when the manifest lacks it)
 */
public record StableReference(String version, double weakAuc, double ivr) {}
