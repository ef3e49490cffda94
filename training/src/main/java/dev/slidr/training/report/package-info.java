/**
 * The training report: one self-contained HTML page (charts embedded as base64 PNG) rendered from
 * plain input records, so that the {@code train} command, tests and tools can build it from any
 * source.
 */
package dev.slidr.training.report;
