package dev.slidr.feature.flink;

import dev.slidr.feature.IpCounters;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Keyed-state serializer of {@link IpCounters}: the core's versioned binary format in a length
 * frame (see {@link CoreStateSerializer}).
 */
public final class IpCountersSerializer extends CoreStateSerializer<IpCounters> {

    private static final long serialVersionUID = 1L;

    @Override
    protected String stateName() {
        return "IP counters";
    }

    @Override
    protected void writeCore(IpCounters state, DataOutput out) throws IOException {
        state.writeTo(out);
    }

    @Override
    protected IpCounters readCore(DataInput in) throws IOException {
        return IpCounters.readFrom(in);
    }

    @Override
    protected CoreStateSerializer<IpCounters> newInstance() {
        return new IpCountersSerializer();
    }

    @Override
    public IpCounters copy(IpCounters from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<IpCounters> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Records the core's IP-state format version; when the core moves to a new format that still
     * reads the old one, raise {@link IpCounters#FORMAT_VERSION} and keep {@link
     * #oldestReadableFormatVersion()} at the oldest one it reads.
     */
    public static final class Snapshot extends FormatVersionSnapshot<IpCounters> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return IpCounters.FORMAT_VERSION;
        }

        @Override
        protected int oldestReadableFormatVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<IpCounters> currentSerializer() {
            return new IpCountersSerializer();
        }
    }
}
