package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Records packed into batches, and when a batch leaves: full, before a barrier, at the end. */
class SerializedBatchesTest {

    private static final TypeSerializer<String> STRINGS =
            Types.STRING.createSerializer(new SerializerConfigImpl());

    @Test
    void everyRecordComesBackInOrderFromBatchesOfAboutTheSize() throws Exception {
        List<String> sent = new ArrayList<>();
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new SerializedBatches<>(Types.STRING, 100))) {
            harness.open();
            for (int i = 0; i < 1_000; i++) {
                String s = "record-" + i + "-" + "x".repeat(i % 37);
                sent.add(s);
                harness.processElement(s, i);
            }
            int full = harness.extractOutputValues().size();
            assertThat(full).isBetween(200, 400);
            assertThat(harness.extractOutputValues())
                    .allSatisfy(b -> assertThat(b.length).isBetween(100, 100 + 40 + 13));
            harness.endInput();
            assertThat(unpack(harness.extractOutputValues())).isEqualTo(sent);
        }
    }

    @Test
    void aBatchLeavesBeforeEveryCheckpointBarrierAndNoneIsEmpty() throws Exception {
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new SerializedBatches<>(Types.STRING, 1 << 20))) {
            harness.open();
            harness.processElement("a", 1);
            harness.processElement("b", 2);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(unpack(harness.extractOutputValues())).containsExactly("a", "b");

            harness.prepareSnapshotPreBarrier(2);
            harness.endInput();
            assertThat(harness.extractOutputValues()).as("nothing left to send").hasSize(1);
        }
    }

    @Test
    void aRecordLargerThanTheBatchLeavesAlone() throws Exception {
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(new SerializedBatches<>(Types.STRING, 8))) {
            harness.open();
            harness.processElement("a much longer record than eight bytes", 1);
            assertThat(unpack(harness.extractOutputValues()))
                    .containsExactly("a much longer record than eight bytes");
        }
    }

    @Test
    void refusesABatchSizeThatIsNotPositive() {
        assertThatThrownBy(() -> new SerializedBatches<>(Types.STRING, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size");
    }

    private static List<String> unpack(List<byte[]> batches) throws Exception {
        List<String> out = new ArrayList<>();
        for (byte[] b : batches) {
            DataInputDeserializer in = new DataInputDeserializer(b);
            while (in.available() > 0) {
                out.add(STRINGS.deserialize(in));
            }
        }
        return out;
    }
}
