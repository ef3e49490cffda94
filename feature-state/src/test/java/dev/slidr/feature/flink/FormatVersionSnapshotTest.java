package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** How a new serializer judges state written under each format version. */
class FormatVersionSnapshotTest {

    /** A click serializer generation that writes format 3 and still reads format 2. */
    public static final class LaterSnapshot extends FormatVersionSnapshot<Click> {
        public LaterSnapshot() {}

        @Override
        protected int currentFormatVersion() {
            return 3;
        }

        @Override
        protected int oldestReadableFormatVersion() {
            return 2;
        }

        @Override
        protected TypeSerializer<Click> currentSerializer() {
            return ClickSerializer.INSTANCE;
        }
    }

    private static TypeSerializerSnapshot<Click> restored(
            FormatVersionSnapshot<Click> written, int formatVersion) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(formatVersion);
        FormatVersionSnapshot<Click> read = written.getClass().getConstructor().newInstance();
        read.readSnapshot(
                FormatVersionSnapshot.SNAPSHOT_VERSION,
                new DataInputDeserializer(out.getCopyOfBuffer()),
                FormatVersionSnapshotTest.class.getClassLoader());
        return read;
    }

    private static TypeSerializerSnapshot<Click> roundTrip(TypeSerializerSnapshot<Click> snapshot)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                FormatVersionSnapshotTest.class.getClassLoader());
    }

    @Test
    void sameFormatIsCompatibleAsIs() throws Exception {
        TypeSerializerSnapshot<Click> old =
                roundTrip(ClickSerializer.INSTANCE.snapshotConfiguration());
        assertThat(old).isEqualTo(ClickSerializer.INSTANCE.snapshotConfiguration());
        assertThat(
                        ClickSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isCompatibleAsIs())
                .isTrue();
        assertThat(old.restoreSerializer()).isSameAs(ClickSerializer.INSTANCE);
    }

    @Test
    void olderReadableFormatNeedsMigration() throws Exception {
        LaterSnapshot current = new LaterSnapshot();
        TypeSerializerSchemaCompatibility<Click> result =
                current.resolveSchemaCompatibility(restored(current, 2));
        assertThat(result.isCompatibleAfterMigration()).isTrue();
    }

    @Test
    void formatTooOldOrFromTheFutureIsIncompatible() throws Exception {
        LaterSnapshot current = new LaterSnapshot();
        assertThat(current.resolveSchemaCompatibility(restored(current, 1)).isIncompatible())
                .isTrue();
        assertThat(current.resolveSchemaCompatibility(restored(current, 4)).isIncompatible())
                .isTrue();
        assertThatThrownBy(() -> restored(current, 4).restoreSerializer())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format version 4");
    }

    @Test
    void anotherSerializersSnapshotIsIncompatible() throws Exception {
        assertThat(
                        new LaterSnapshot()
                                .resolveSchemaCompatibility(
                                        ClickSerializer.INSTANCE.snapshotConfiguration())
                                .isIncompatible())
                .isTrue();
    }

    @Test
    void unknownSnapshotLayoutIsAClearError() {
        assertThatThrownBy(
                        () ->
                                new ClickSerializer.Snapshot()
                                        .readSnapshot(
                                                9,
                                                new DataInputDeserializer(new byte[4]),
                                                getClass().getClassLoader()))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown serializer snapshot version 9");
    }
}
