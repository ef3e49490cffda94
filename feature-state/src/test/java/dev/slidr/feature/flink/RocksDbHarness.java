package dev.slidr.feature.flink;

import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Operator test harnesses for the keyed feature stages on the embedded RocksDB state backend, the
 * backend the job runs on.
 *
 * <p>The harness's own {@code numKeyedStateEntries()} only works on the heap backend, so state is
 * counted here through the RocksDB keyed backend's key iterator, which sees what RocksDB holds
 * (including TTL-expired values that compaction has not dropped yet).
 */
final class RocksDbHarness {

    private RocksDbHarness() {}

    /** A not yet opened harness; call {@code initializeState} (optional) and {@code open()}. */
    static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> create(
            KeyedProcessFunction<String, IN, OUT> function, KeySelector<IN, String> key)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), key, Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    /** A not yet opened harness for subtask {@code subtask} of {@code parallelism}. */
    static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> create(
            KeyedProcessFunction<String, IN, OUT> function,
            KeySelector<IN, String> key,
            int maxParallelism,
            int parallelism,
            int subtask)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function),
                        key,
                        Types.STRING,
                        maxParallelism,
                        parallelism,
                        subtask);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    /** The keys that have a value in the named value state, as RocksDB holds them. */
    static long stateEntries(
            KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness, String stateName) {
        return backend(harness).getKeys(stateName, VoidNamespace.INSTANCE).count();
    }

    /** Runs a RocksDB compaction of the state, which lets the TTL compaction filter drop values. */
    static void compact(
            KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness,
            StateDescriptor<?, ?> descriptor)
            throws Exception {
        ((RocksDBKeyedStateBackend<String>) backend(harness)).compactState(descriptor);
    }

    static KeyedStateBackend<String> backend(
            KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness) {
        AbstractStreamOperator<?> operator =
                (AbstractStreamOperator<?>) harness.getOneInputOperator();
        KeyedStateBackend<String> backend = operator.getKeyedStateBackend();
        if (!(backend instanceof RocksDBKeyedStateBackend)) {
            throw new IllegalStateException("expected RocksDB keyed state, got " + backend);
        }
        return backend;
    }
}
