package dev.slidr.training.report;

/** One point of a slice's IVR–FPR curve (both fractions in [0, 1]). */
public record CurvePoint(double fpr, double ivr) {}
