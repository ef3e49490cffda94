package dev.slidr.review;

/**
 * One feature of a shown click: its raw value and how far it lies above the window's scored clicks,
 * in standard deviations of {@code sign(x) * log1p(|x|)}.
 */
public record FeatureValue(String name, float value, double z) {}
