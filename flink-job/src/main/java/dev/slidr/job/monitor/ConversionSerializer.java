package dev.slidr.job.monitor;

import dev.slidr.contract.Conversion;
import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.feature.flink.SerializerTypeInfo;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link Conversion} between the conversions parse step and the monitor's join, in
 * place of Flink's reflective record (POJO) serializer. Format 1: click id ({@link Utf8Strings}),
 * the conversion time, the kind's ordinal as a byte.
 */
public final class ConversionSerializer extends ImmutableValueSerializer<Conversion> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    /** Type information of conversions between operators. */
    public static final TypeInformation<Conversion> TYPE_INFO =
            new SerializerTypeInfo<>(Conversion.class, ConversionSerializer::new);

    private static final Conversion.Kind[] KINDS = Conversion.Kind.values();

    @Override
    public void serialize(Conversion c, DataOutputView out) throws IOException {
        Utf8Strings.write(c.clickId(), out);
        out.writeLong(c.ts());
        out.writeByte(c.kind().ordinal());
    }

    @Override
    public Conversion deserialize(DataInputView in) throws IOException {
        String clickId = Utf8Strings.read(in);
        if (clickId == null) {
            throw new CorruptStateException("conversion: no click id");
        }
        long ts = in.readLong();
        int kind = in.readUnsignedByte();
        if (kind >= KINDS.length) {
            throw new CorruptStateException("conversion: unknown kind " + kind);
        }
        return new Conversion(clickId, ts, KINDS[kind]);
    }

    @Override
    public TypeSerializerSnapshot<Conversion> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link ConversionSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<Conversion> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<Conversion> currentSerializer() {
            return new ConversionSerializer();
        }
    }
}
