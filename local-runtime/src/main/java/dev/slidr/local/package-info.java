/** The whole system on one machine: in-process Kafka, a Flink MiniCluster, demo traffic. */
package dev.slidr.local;
