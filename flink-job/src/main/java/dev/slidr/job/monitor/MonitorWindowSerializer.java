package dev.slidr.job.monitor;

import dev.slidr.feature.flink.CorruptStateException;
import dev.slidr.feature.flink.ImmutableValueSerializer;
import dev.slidr.feature.flink.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link MonitorWindow}, in place of Flink's reflective record (POJO) serializer; it
 * is also the window accumulator's and the rollback guard's state serializer. Format 1: slice and
 * model version ({@link Utf8Strings}), the window end, then the counts clicks, invalid, converting
 * and converting invalid as longs; a negative count is refused.
 */
public final class MonitorWindowSerializer extends ImmutableValueSerializer<MonitorWindow> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    @Override
    public void serialize(MonitorWindow w, DataOutputView out) throws IOException {
        Utf8Strings.write(w.slice(), out);
        Utf8Strings.write(w.modelVersion(), out);
        out.writeLong(w.windowEnd());
        out.writeLong(w.clicks());
        out.writeLong(w.invalid());
        out.writeLong(w.converting());
        out.writeLong(w.convertingInvalid());
    }

    @Override
    public MonitorWindow deserialize(DataInputView in) throws IOException {
        String slice = Utf8Strings.read(in);
        String version = Utf8Strings.read(in);
        if (slice == null || version == null) {
            throw new CorruptStateException("monitor window: no slice or model version");
        }
        long end = in.readLong();
        long clicks = in.readLong();
        long invalid = in.readLong();
        long converting = in.readLong();
        long convertingInvalid = in.readLong();
        if (clicks < 0 || invalid < 0 || converting < 0 || convertingInvalid < 0) {
            throw new CorruptStateException(
                    "monitor window of " + slice + "/" + version + ": a negative count");
        }
        return new MonitorWindow(
                slice, version, end, clicks, invalid, converting, convertingInvalid);
    }

    @Override
    public TypeSerializerSnapshot<MonitorWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link MonitorWindowSerializer}: records the record format version. */
    public static final class Snapshot extends SingleFormatSnapshot<MonitorWindow> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<MonitorWindow> currentSerializer() {
            return new MonitorWindowSerializer();
        }
    }
}
