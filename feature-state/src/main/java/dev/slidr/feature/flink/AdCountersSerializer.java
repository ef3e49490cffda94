package dev.slidr.feature.flink;

import dev.slidr.feature.AdCounters;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Keyed-state serializer of {@link AdCounters}: the core's versioned binary format in a length
 * frame (see {@link CoreStateSerializer}).
 */
public final class AdCountersSerializer extends CoreStateSerializer<AdCounters> {

    private static final long serialVersionUID = 1L;

    @Override
    protected String stateName() {
        return "ad counters";
    }

    @Override
    protected void writeCore(AdCounters state, DataOutput out) throws IOException {
        state.writeTo(out);
    }

    @Override
    protected AdCounters readCore(DataInput in) throws IOException {
        return AdCounters.readFrom(in);
    }

    @Override
    protected CoreStateSerializer<AdCounters> newInstance() {
        return new AdCountersSerializer();
    }

    @Override
    public AdCounters copy(AdCounters from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<AdCounters> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Records the core's ad-state format version; when the core moves to a new format that still
     * reads the old one, raise {@link AdCounters#FORMAT_VERSION} and keep {@link
     * #oldestReadableFormatVersion()} at the oldest one it reads.
     */
    public static final class Snapshot extends FormatVersionSnapshot<AdCounters> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return AdCounters.FORMAT_VERSION;
        }

        @Override
        protected int oldestReadableFormatVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<AdCounters> currentSerializer() {
            return new AdCountersSerializer();
        }
    }
}
