package dev.slidr.replay;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Packs a stream's records, serialized one after the other, into byte arrays of about {@code
 * batchBytes} each, for the collect sink to carry to the client, which reads them back with the
 * same serializer from a {@code DataInputDeserializer} until none is left.
 *
 * <p>Why: Flink's collect sink moves every record on its own through a socket it neither reads nor
 * writes through a buffer (`CollectSinkFunction`'s server thread and the job manager's
 * `CollectSinkOperatorCoordinator` in Flink 2.2), so each record costs a few system calls on both
 * sides and a decode through a synchronized stream on the client. A replay collects a record per
 * decision of its window: those threads took a fifth of a week's CPU, most of it in the kernel. One
 * record per batch makes that cost a few thousand times smaller.
 *
 * <p>A batch leaves when it is full, before every checkpoint barrier (so a restore neither loses
 * nor repeats a record), and at the end of the input; records keep their order.
 *
 * @param <T> the packed records' type
 */
final class SerializedBatches<T> extends AbstractStreamOperator<byte[]>
        implements OneInputStreamOperator<T, byte[]>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;
    private final int batchBytes;

    private transient TypeSerializer<T> serializer;
    private transient DataOutputSerializer batch;

    /**
     * @param type the records' type, whose serializer packs them
     * @param batchBytes the size at which a batch leaves (positive)
     */
    SerializedBatches(TypeInformation<T> type, int batchBytes) {
        if (batchBytes < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchBytes);
        }
        this.type = type;
        this.batchBytes = batchBytes;
    }

    @Override
    public void open() throws Exception {
        super.open();
        serializer = type.createSerializer(getExecutionConfig().getSerializerConfig());
        batch = new DataOutputSerializer(Math.min(batchBytes, 1 << 16));
    }

    @Override
    public void processElement(StreamRecord<T> element) throws IOException {
        serializer.serialize(element.getValue(), batch);
        if (batch.length() >= batchBytes) {
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        if (batch.length() > 0) {
            output.collect(new StreamRecord<>(batch.getCopyOfBuffer()));
            batch.clear();
        }
    }
}
