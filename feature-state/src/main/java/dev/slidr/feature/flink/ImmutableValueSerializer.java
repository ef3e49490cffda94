package dev.slidr.feature.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the stateless serializers of immutable records in one versioned format: values are shared
 * instead of copied and nothing is reused, so a subclass keeps only its format ({@link #serialize},
 * {@link #deserialize(DataInputView)}) and its {@link FormatVersionSnapshot}.
 *
 * <p>A subclass must hold no mutable fields: {@link TypeSerializerSingleton} shares one instance
 * across threads ({@link #duplicate()} returns {@code this}) and treats all instances of a class as
 * equal.
 */
public abstract class ImmutableValueSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        // Records nobody downstream writes to (arrays included): chained operators can share
        // them, which saves a copy per click.
        return true;
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        // Parsing validates the bytes on the way through, so a corrupt value fails here with the
        // format's own reason rather than downstream.
        serialize(deserialize(in), out);
    }

    /**
     * Snapshot of a serializer that reads only the format it writes; a format change that still
     * reads old values overrides {@link #oldestReadableFormatVersion()}.
     */
    public abstract static class SingleFormatSnapshot<T> extends FormatVersionSnapshot<T> {

        @Override
        protected int oldestReadableFormatVersion() {
            return currentFormatVersion();
        }
    }
}
