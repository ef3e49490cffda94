package dev.slidr.job.kafka;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Where a fresh job (one not restored from a checkpoint or savepoint) starts reading; a restored
 * job always resumes from the offsets in its state.
 */
public enum StartingOffsets {
    /** The consumer group's committed offsets; partitions without one start at the earliest. */
    COMMITTED,
    /** The earliest offset still in each partition. */
    EARLIEST,
    /** The end of each partition: only records produced after the start. */
    LATEST;

    OffsetsInitializer initializer() {
        return switch (this) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}
