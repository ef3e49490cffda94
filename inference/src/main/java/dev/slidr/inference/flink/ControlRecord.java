package dev.slidr.inference.flink;

import dev.slidr.feature.flink.SerializerTypeInfo;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One control command on its way to the scoring subtasks: the command's bytes (already checked
 * against the contract, {@code ControlCodec}) with the control record's timestamp and coordinates,
 * so that a command the subtasks refuse can be dead-lettered with its origin.
 *
 * @param command the command as it was read
 * @param ts the control record's timestamp (epoch millis): when a rollback takes effect
 * @param sourceTopic the control topic
 * @param sourcePartition its partition
 * @param sourceOffset the record's offset
 */
public record ControlRecord(
        byte[] command, long ts, String sourceTopic, int sourcePartition, long sourceOffset) {

    /** Type information of control records between operators. */
    public static final TypeInformation<ControlRecord> TYPE_INFO =
            new SerializerTypeInfo<>(ControlRecord.class, ControlRecordSerializer::new);

    public ControlRecord {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        command = command.clone();
    }

    @Override
    public byte[] command() {
        return command.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlRecord r
                && Arrays.equals(command, r.command)
                && ts == r.ts
                && sourceTopic.equals(r.sourceTopic)
                && sourcePartition == r.sourcePartition
                && sourceOffset == r.sourceOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(command), ts, sourceTopic, sourceOffset);
    }

    @Override
    public String toString() {
        return "ControlRecord[" + sourceTopic + "/" + sourcePartition + "@" + sourceOffset + "]";
    }
}
