package dev.slidr.feature.flink;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the Flink serializers that keep a feature-core state object in keyed state: they frame
 * the core's own versioned binary format with a length, so that RocksDB holds exactly the core's
 * bytes plus one to three bytes of length.
 *
 * <p>The length frame is what turns bad bytes into a clear {@link CorruptStateException} instead of
 * a half-read counter: a length out of bounds, bytes the core rejects, or bytes the core leaves
 * unread all fail with the state type and reason. It also lets {@link #copy(DataInputView,
 * DataOutputView)} move a value without parsing it.
 *
 * <p>Instances keep a reusable buffer, so they are not thread-safe; {@link #duplicate()} hands out
 * a fresh instance as Flink's contract requires for stateful serializers.
 */
public abstract class CoreStateSerializer<S> extends TypeSerializer<S> {

    private static final long serialVersionUID = 1L;

    /**
     * Upper bound on one serialized state value. Per-key state is bounded by design (time buckets
     * and fixed-size sketches), so a larger length can only be corruption.
     */
    public static final int MAX_STATE_BYTES = 1 << 20;

    private transient DataOutputSerializer buffer;

    /** What the state is, for error messages ("user counters"). */
    protected abstract String stateName();

    /** Writes the state in the core's current binary format. */
    protected abstract void writeCore(S state, DataOutput out) throws IOException;

    /** Reads a state written in any binary format version the core still reads. */
    protected abstract S readCore(DataInput in) throws IOException;

    /** A new instance of the concrete serializer, for {@link #duplicate()}. */
    protected abstract CoreStateSerializer<S> newInstance();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<S> duplicate() {
        return newInstance();
    }

    @Override
    public int getLength() {
        return -1;
    }

    /** The state's bytes as this serializer frames them, as they are stored in RocksDB. */
    public byte[] toBytes(S state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        serialize(state, out);
        return out.getCopyOfBuffer();
    }

    /** Reads a state back from {@link #toBytes} output. */
    public S fromBytes(byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        S state = deserialize(in);
        if (in.available() > 0) {
            throw new CorruptStateException(
                    stateName() + ": " + in.available() + " bytes after the state value");
        }
        return state;
    }

    @Override
    public void serialize(S state, DataOutputView target) throws IOException {
        if (buffer == null) {
            buffer = new DataOutputSerializer(256);
        }
        buffer.clear();
        writeCore(state, buffer);
        int length = buffer.length();
        if (length == 0 || length > MAX_STATE_BYTES) {
            throw new IOException(
                    stateName()
                            + ": serialized state is "
                            + length
                            + " bytes, outside 1.."
                            + MAX_STATE_BYTES);
        }
        writeLength(length, target);
        target.write(buffer.getSharedBuffer(), 0, length);
    }

    @Override
    public S deserialize(DataInputView source) throws IOException {
        int length = readLength(source);
        byte[] bytes = new byte[length];
        try {
            source.readFully(bytes);
        } catch (EOFException e) {
            throw new CorruptStateException(
                    stateName() + ": truncated value, expected " + length + " bytes", e);
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        S state;
        try {
            state = readCore(in);
        } catch (CorruptStateException e) {
            throw e;
        } catch (EOFException e) {
            throw new CorruptStateException(
                    stateName() + ": value ends before the state is complete", e);
        } catch (IOException | RuntimeException e) {
            throw new CorruptStateException(
                    stateName() + ": unreadable value (" + e.getMessage() + ")", e);
        }
        if (in.available() > 0) {
            throw new CorruptStateException(
                    stateName()
                            + ": "
                            + in.available()
                            + " unread bytes after the state, the value is corrupt");
        }
        return state;
    }

    @Override
    public S deserialize(S reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public S copy(S from) {
        // The core objects are mutable and offer no copy; a round trip through the format is a
        // deep copy by construction and is only used on the heap backend and in tests.
        try {
            return fromBytes(toBytes(from));
        } catch (IOException e) {
            throw new IllegalStateException(stateName() + ": cannot copy state", e);
        }
    }

    @Override
    public S copy(S from, S reuse) {
        return copy(from);
    }

    @Override
    public S createInstance() {
        return null;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = readLength(source);
        writeLength(length, target);
        target.write(source, length);
    }

    private int readLength(DataInputView source) throws IOException {
        // Unsigned LEB128, at most three bytes for MAX_STATE_BYTES.
        int length = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            int b = source.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (length == 0 || length > MAX_STATE_BYTES) {
                    throw new CorruptStateException(
                            stateName()
                                    + ": value length "
                                    + length
                                    + " outside 1.."
                                    + MAX_STATE_BYTES);
                }
                return length;
            }
        }
        throw new CorruptStateException(stateName() + ": value length prefix is malformed");
    }

    private static void writeLength(int length, DataOutput target) throws IOException {
        int rest = length;
        while ((rest & ~0x7F) != 0) {
            target.writeByte((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        target.writeByte(rest);
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
