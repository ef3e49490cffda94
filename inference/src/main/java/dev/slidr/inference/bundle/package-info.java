/**
 * The model bundle and the model registry: writing a bundle directory with the SHA-256 of every
 * file, loading it only after every checksum matched, and the registry that records which version
 * is stable, the candidates and the history (register, refuse, promote, rollback).
 *
 * <p>Bundles and the registry live on any Flink {@link org.apache.flink.core.fs.FileSystem} ({@code
 * file://}, {@code s3://}, ...). The layout is documented in {@code docs/model-registry.md}.
 */
package dev.slidr.inference.bundle;
