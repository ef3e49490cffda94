package dev.slidr.feature.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer snapshot for the slidr serializers: it records which numbered binary format the
 * serializer wrote, so that a later release can tell on restore whether it reads that state as is,
 * must migrate it, or must refuse it.
 *
 * <p>Two versions are in play and kept apart on purpose: {@link #getCurrentVersion()} is the layout
 * of this snapshot itself (what {@link #writeSnapshot} writes), while the <em>format version</em>
 * it holds is the layout of the serialized values. Resolution rules, from the new serializer's
 * point of view:
 *
 * <ul>
 *   <li>same format version: compatible as is;
 *   <li>an older format the current serializer still reads: compatible after migration (RocksDB
 *       then rewrites every value in the current format during restore, so old formats can be
 *       dropped one release later);
 *   <li>a newer format (a downgrade), an unreadable old one, or another serializer: incompatible,
 *       which makes Flink fail the restore with a clear message instead of misreading counters.
 * </ul>
 *
 * <p>Subclasses must keep a public no-argument constructor: Flink instantiates snapshots
 * reflectively on restore and then calls {@link #readSnapshot}.
 */
public abstract class FormatVersionSnapshot<T> implements TypeSerializerSnapshot<T> {

    /** Layout of the snapshot: a single int, the format version. */
    static final int SNAPSHOT_VERSION = 1;

    private int formatVersion;

    /** A snapshot of the serializer as it writes today. */
    protected FormatVersionSnapshot() {
        this.formatVersion = -1;
    }

    /** The format version the current code writes. */
    protected abstract int currentFormatVersion();

    /** The oldest format version the current code still reads. */
    protected abstract int oldestReadableFormatVersion();

    /** The serializer of the current code; it must read every readable format version. */
    protected abstract TypeSerializer<T> currentSerializer();

    /** The format version this snapshot describes. */
    public int formatVersion() {
        return formatVersion < 0 ? currentFormatVersion() : formatVersion;
    }

    @Override
    public int getCurrentVersion() {
        return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(formatVersion());
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
            throws IOException {
        if (readVersion != SNAPSHOT_VERSION) {
            throw new CorruptStateException(
                    getClass().getName()
                            + ": unknown serializer snapshot version "
                            + readVersion
                            + " (this release writes "
                            + SNAPSHOT_VERSION
                            + ")");
        }
        formatVersion = in.readInt();
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (!readable(formatVersion())) {
            throw new IllegalStateException(
                    getClass().getName()
                            + ": state was written in format version "
                            + formatVersion()
                            + ", this release reads versions "
                            + oldestReadableFormatVersion()
                            + " to "
                            + currentFormatVersion());
        }
        return currentSerializer();
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSerializerSnapshot) {
        if (oldSerializerSnapshot == null || oldSerializerSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int old = ((FormatVersionSnapshot<T>) oldSerializerSnapshot).formatVersion();
        if (old == currentFormatVersion()) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (readable(old)) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }

    private boolean readable(int version) {
        return version >= oldestReadableFormatVersion() && version <= currentFormatVersion();
    }

    @Override
    public boolean equals(Object other) {
        return other != null
                && other.getClass() == getClass()
                && ((FormatVersionSnapshot<?>) other).formatVersion() == formatVersion();
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + formatVersion();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{formatVersion=" + formatVersion() + "}";
    }
}
