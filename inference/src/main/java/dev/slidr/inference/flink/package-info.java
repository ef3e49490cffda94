/** The Flink scoring operator, its options, model source and the decision serializer. */
package dev.slidr.inference.flink;
