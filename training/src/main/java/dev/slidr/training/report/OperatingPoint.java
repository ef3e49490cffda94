package dev.slidr.training.report;

/**
 * The operating point calibration chose for a slice.
 *
 * @param threshold the score threshold (a click is invalid when its score is {@code >=} it)
 * @param fpr the FPR the threshold achieved on held-out clicks
 * @param ivr the IVR the threshold achieved on held-out clicks
 * @param coverage the robotic coverage it achieved (NaN when undefined)
 */
public record OperatingPoint(double threshold, double fpr, double ivr, double coverage) {}
