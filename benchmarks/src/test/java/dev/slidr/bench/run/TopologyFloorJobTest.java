package dev.slidr.bench.run;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.at;
import static dev.slidr.contract.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A keyed stage of the bench's floor on RocksDB: each record passed on, one count per key. */
class TopologyFloorJobTest {

    private KeyedOneInputStreamOperatorTestHarness<String, Click, Click> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new TopologyFloorJob.Counting<Click, Click>(c -> c)),
                        Click::ip,
                        Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private long count(String key) throws Exception {
        AbstractStreamOperator<?> operator =
                (AbstractStreamOperator<?>) harness.getOneInputOperator();
        KeyedStateBackend<String> backend = operator.getKeyedStateBackend();
        assertThat(backend).isInstanceOf(RocksDBKeyedStateBackend.class);
        backend.setCurrentKey(key);
        ValueState<long[]> state =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        HourlyVelocityFunction.descriptor());
        long[] hourAndCount = state.value();
        return hourAndCount == null ? 0 : hourAndCount[1];
    }

    @Test
    void passesEveryRecordOnAndCountsItsKeyInRocksDb() throws Exception {
        Click a = click("alice", "10.0.0.1", T0);
        Click b = click("bob", "10.0.0.1", at(Duration.ofMinutes(1)));
        Click c = click("carol", "10.0.0.2", at(Duration.ofMinutes(2)));
        for (Click each : new Click[] {a, b, c}) {
            harness.processElement(each, each.ts());
        }

        assertThat(harness.extractOutputValues()).containsExactly(a, b, c);
        assertThat(count("10.0.0.1")).isEqualTo(2);
        assertThat(count("10.0.0.2")).isEqualTo(1);
        assertThat(count("10.0.0.3")).isZero();
        // bounded by TTL, as the peer's state is: no timer per click
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
