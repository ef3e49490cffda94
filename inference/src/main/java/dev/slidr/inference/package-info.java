/**
 * Scoring and deciding: the model bundle and its registry, the ONNX Runtime scorer, per-slice
 * thresholds and the decision records the live job writes.
 */
package dev.slidr.inference;
