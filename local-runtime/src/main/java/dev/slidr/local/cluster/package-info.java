/**
 * The live job on a real Flink cluster on one machine (a job manager and task managers as separate
 * JVM processes, the job jar submitted as {@code flink run} does) against three in-process Kafka
 * brokers, and the soak that streams clicks through it while it injects faults.
 */
package dev.slidr.local.cluster;
