/**
 * Slices, per-slice thresholds, reason codes and the policy that turns scores into {@link
 * dev.slidr.contract.Decision} records; plain Java, no Flink types.
 */
package dev.slidr.inference.decision;
