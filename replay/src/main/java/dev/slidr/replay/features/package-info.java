/**
 * The training feature pass as a Flink job: archived clicks through the live job's dedupe and
 * feature stages and the GIVT screen, joined with their labels into training row parts ({@link
 * dev.slidr.replay.features.FlinkFeaturePass}).
 */
package dev.slidr.replay.features;
