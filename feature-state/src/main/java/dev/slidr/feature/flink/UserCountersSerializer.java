package dev.slidr.feature.flink;

import dev.slidr.feature.UserCounters;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Keyed-state serializer of {@link UserCounters}: the core's versioned binary format in a length
 * frame (see {@link CoreStateSerializer}).
 */
public final class UserCountersSerializer extends CoreStateSerializer<UserCounters> {

    private static final long serialVersionUID = 1L;

    @Override
    protected String stateName() {
        return "user counters";
    }

    @Override
    protected void writeCore(UserCounters state, DataOutput out) throws IOException {
        state.writeTo(out);
    }

    @Override
    protected UserCounters readCore(DataInput in) throws IOException {
        return UserCounters.readFrom(in);
    }

    @Override
    protected CoreStateSerializer<UserCounters> newInstance() {
        return new UserCountersSerializer();
    }

    @Override
    public UserCounters copy(UserCounters from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<UserCounters> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Records the core's user-state format version; when the core moves to a new format that still
     * reads the old one, raise {@link UserCounters#FORMAT_VERSION} and keep {@link
     * #oldestReadableFormatVersion()} at the oldest one it reads.
     */
    public static final class Snapshot extends FormatVersionSnapshot<UserCounters> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return UserCounters.FORMAT_VERSION;
        }

        @Override
        protected int oldestReadableFormatVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<UserCounters> currentSerializer() {
            return new UserCountersSerializer();
        }
    }
}
