package dev.slidr.bench.run;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.at;
import static dev.slidr.contract.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.inference.flink.LatencyHistogram;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
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

    @Test
    void theDecidingStageRecordsOneLatencyPerStampedClick() throws Exception {
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        MockEnvironment env =
                new MockEnvironmentBuilder()
                        .setMetricGroup(
                                new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                                    @Override
                                    public InternalOperatorMetricGroup getOrAddOperator(
                                            OperatorID id, String name, Map<String, String> info) {
                                        return metrics;
                                    }
                                })
                        .build();
        long now = IngestedClick.nowMicros();
        try (KeyedOneInputStreamOperatorTestHarness<String, IngestedClick, String> deciding =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new TopologyFloorJob.Counting<IngestedClick, String>(
                                        r -> r.click().clickId(), IngestedClick::readMicros)),
                        r -> r.click().ip(),
                        Types.STRING,
                        env)) {
            deciding.setStateBackend(new EmbeddedRocksDBStateBackend());
            deciding.open();
            Click a = click("alice", "10.0.0.1", T0);
            Click b = click("bob", "10.0.0.2", at(Duration.ofMinutes(1)));
            // read 3 s ago: at least 3,000,000 µs when decided
            deciding.processElement(new IngestedClick(a, now - 3_000_000L), a.ts());
            deciding.processElement(new IngestedClick(b, now), b.ts());
            // a click not read by a job (no read time) is decided, with no latency
            deciding.processElement(IngestedClick.unstamped(b), b.ts());

            assertThat(deciding.extractOutputValues())
                    .containsExactly(a.clickId(), b.clickId(), b.clickId());
            LatencyHistogram latency = (LatencyHistogram) metrics.get(LatencyHistogram.METRIC_NAME);
            assertThat(latency).isNotNull();
            assertThat(latency.getCount()).isEqualTo(2);
            assertThat(latency.snapshot().getMaxValue()).isGreaterThanOrEqualTo(2_990_000L);
            assertThat(latency.snapshot().getMinValue()).isLessThan(2_000_000L);
        }
    }
}
