/**
 * ONNX Runtime scoring of raw feature rows (CPU, or CUDA with CPU fallback) and micro-batching;
 * plain Java, no Flink types.
 */
package dev.slidr.inference.scoring;
