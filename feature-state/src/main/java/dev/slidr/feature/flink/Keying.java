package dev.slidr.feature.flink;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * How a keyed stage receives its clicks. The live job shuffles them by key ({@link #SHUFFLE}): each
 * stage keys by another field, so every click crosses the network, serialized, between stages. A
 * job of a single subtask per operator (a replay, which keeps the archive's order) holds every key
 * in that one subtask already: {@link #IN_PLACE} keys the stream where it is, so the stages chain
 * into one task and a click passes from one to the next as an object. The operators, their state
 * and the order each sees its clicks in are the same either way.
 */
public enum Keying {
    /** {@code keyBy}: a network shuffle by key before the stage. */
    SHUFFLE,
    /** The stream as it is, declared keyed; only for a job whose operators all run one subtask. */
    IN_PLACE;

    /**
     * {@code in} keyed by {@code key}.
     *
     * @throws IllegalStateException for {@link #IN_PLACE} when {@code in} or its job runs more than
     *     one subtask: another subtask's keys would be read in the wrong state
     */
    public <T> KeyedStream<T, String> key(DataStream<T> in, KeySelector<T, String> key) {
        if (this == SHUFFLE) {
            return in.keyBy(key, Types.STRING);
        }
        int jobParallelism = in.getExecutionEnvironment().getParallelism();
        if (in.getParallelism() != 1 || jobParallelism != 1) {
            throw new IllegalStateException(
                    "keying in place needs one subtask per operator; the stream runs "
                            + in.getParallelism()
                            + " and the job "
                            + jobParallelism);
        }
        return DataStreamUtils.reinterpretAsKeyedStream(in, key, Types.STRING);
    }
}
