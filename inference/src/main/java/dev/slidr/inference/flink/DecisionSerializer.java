package dev.slidr.inference.flink;

import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.feature.flink.SerializerTypeInfo;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link Decision} between operators, so that decisions never fall back to Kryo
 * (which cannot rebuild the record's immutable reason list). Format 2, in field order: click id,
 * event and decision times, invalid flag, stage name, reason count and reasons, score, threshold,
 * slice, model, calibration and feature versions (nullable strings), vector length and floats,
 * revision, replay id (nullable); strings as {@link Utf8Strings}, the floats as {@code writeFloat}
 * writes them. Format 1 (strings char by char) is not read. Format 2 is also the monitor's decision
 * state ({@code monitor-decision}) in savepoints, so its bytes stay as they are.
 *
 * <p>Decisions are immutable (the vector is copied in and out), so operators share them.
 *
 * <pre>{@code
 * featured.transform("score", DecisionSerializer.TYPE_INFO, operator);
 * }</pre>
 */
public final class DecisionSerializer extends ImmutableValueSerializer<Decision> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 2;

    /** Kryo-free type information of decisions. */
    public static final TypeInformation<Decision> TYPE_INFO =
            new SerializerTypeInfo<>(Decision.class, DecisionSerializer::new);

    /** Bounds on the variable parts; a decision has a few reasons and a few dozen features. */
    static final int MAX_REASONS = 256;

    static final int MAX_FEATURES = 4096;

    /**
     * Big-endian ints over a byte array, so the vector crosses the stream in one call: the replay's
     * client reads collected decisions through a stream wrapper whose {@code readFloat} is four
     * synchronized single-byte reads.
     */
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    @Override
    public void serialize(Decision d, DataOutputView out) throws IOException {
        Utf8Strings.write(d.clickId(), out);
        out.writeLong(d.eventTs());
        out.writeLong(d.decidedTs());
        out.writeBoolean(d.invalid());
        Utf8Strings.write(d.stage().name(), out);
        out.writeInt(d.reasons().size());
        for (String reason : d.reasons()) {
            Utf8Strings.write(reason, out);
        }
        out.writeDouble(d.score());
        out.writeDouble(d.threshold());
        Utf8Strings.write(d.slice(), out);
        Utf8Strings.write(d.modelVersion(), out);
        Utf8Strings.write(d.calibrationVersion(), out);
        Utf8Strings.write(d.featureVersion(), out);
        int length = d.featureCount();
        out.writeInt(length);
        byte[] block = new byte[length * Float.BYTES];
        for (int i = 0; i < length; i++) {
            putFloat(block, i, d.feature(i));
        }
        out.write(block);
        out.writeInt(d.revision());
        Utf8Strings.write(d.replayId(), out);
    }

    @Override
    public Decision deserialize(DataInputView in) throws IOException {
        String clickId = Utf8Strings.read(in);
        if (clickId == null) {
            throw new CorruptStateException("decision without a click id");
        }
        long eventTs = in.readLong();
        long decidedTs = in.readLong();
        boolean invalid = in.readBoolean();
        String stageName = Utf8Strings.read(in);
        Decision.Stage stage;
        try {
            stage = Decision.Stage.valueOf(String.valueOf(stageName));
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException(
                    "decision " + clickId + ": unknown stage '" + stageName + "'", e);
        }
        int reasonCount = in.readInt();
        requireLength(clickId, "reason count", reasonCount, MAX_REASONS);
        List<String> reasons = new ArrayList<>(reasonCount);
        for (int i = 0; i < reasonCount; i++) {
            String reason = Utf8Strings.read(in);
            if (reason == null) {
                throw new CorruptStateException("decision " + clickId + ": null reason");
            }
            reasons.add(reason);
        }
        double score = in.readDouble();
        double threshold = in.readDouble();
        String slice = Utf8Strings.read(in);
        String modelVersion = Utf8Strings.read(in);
        String calibrationVersion = Utf8Strings.read(in);
        String featureVersion = Utf8Strings.read(in);
        int length = in.readInt();
        requireLength(clickId, "vector length", length, MAX_FEATURES);
        float[] features = readFloats(in, length);
        int revision = in.readInt();
        String replayId = Utf8Strings.read(in);
        try {
            return new Decision(
                    clickId,
                    eventTs,
                    decidedTs,
                    invalid,
                    stage,
                    reasons,
                    score,
                    threshold,
                    slice,
                    modelVersion,
                    calibrationVersion,
                    featureVersion,
                    features,
                    revision,
                    replayId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CorruptStateException("decision " + clickId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts {@code value} as the {@code index}th float of {@code block}: the bytes {@code
     * writeFloat} writes ({@link Float#floatToIntBits}, so every NaN is the canonical one,
     * big-endian).
     */
    static void putFloat(byte[] block, int index, float value) {
        INTS.set(block, index * Float.BYTES, Float.floatToIntBits(value));
    }

    /**
     * Reads {@code length} floats written by {@link #putFloat} in one block.
     *
     * @throws java.io.EOFException when fewer bytes remain than the block needs
     */
    static float[] readFloats(DataInputView in, int length) throws IOException {
        byte[] block = new byte[length * Float.BYTES];
        in.readFully(block);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = Float.intBitsToFloat((int) INTS.get(block, i * Float.BYTES));
        }
        return values;
    }

    private static void requireLength(String clickId, String what, int value, int max)
            throws CorruptStateException {
        if (value < 0 || value > max) {
            throw new CorruptStateException(
                    "decision " + clickId + ": " + what + " " + value + " outside 0.." + max);
        }
    }

    @Override
    public TypeSerializerSnapshot<Decision> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link DecisionSerializer}: records the format version. */
    public static final class Snapshot extends SingleFormatSnapshot<Decision> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<Decision> currentSerializer() {
            return new DecisionSerializer();
        }
    }
}
