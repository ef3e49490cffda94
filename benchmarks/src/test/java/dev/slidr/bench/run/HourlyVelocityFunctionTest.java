package dev.slidr.bench.run;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.at;
import static dev.slidr.contract.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The velocity peer's stage on RocksDB: decisions, state entries, timers, snapshot and restore. */
class HourlyVelocityFunctionTest {

    private static final int K = 2;

    private KeyedOneInputStreamOperatorTestHarness<String, Click, Decision> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, Click, Decision> newHarness()
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Click, Decision> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new HourlyVelocityFunction(K)),
                        HourlyVelocityFunction::keyOf,
                        Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(Click... clicks) throws Exception {
        for (Click click : clicks) {
            harness.processElement(click, click.ts());
        }
    }

    private List<Boolean> verdicts() {
        return harness.extractOutputValues().stream().map(Decision::invalid).toList();
    }

    /** The keys RocksDB holds a count for; the harness's own counter only reads heap state. */
    private long stateEntries() {
        AbstractStreamOperator<?> operator =
                (AbstractStreamOperator<?>) harness.getOneInputOperator();
        KeyedStateBackend<String> backend = operator.getKeyedStateBackend();
        assertThat(backend).isInstanceOf(RocksDBKeyedStateBackend.class);
        return backend.getKeys(HourlyVelocityFunction.STATE_NAME, VoidNamespace.INSTANCE).count();
    }

    @Test
    void invalidatesClicksBeyondKInOneHour() throws Exception {
        send(
                click("alice", "10.0.0.1", T0),
                click("alice", "10.0.0.1", at(Duration.ofMinutes(1))),
                click("alice", "10.0.0.1", at(Duration.ofMinutes(2))),
                click("alice", "10.0.0.1", at(Duration.ofMinutes(3))));

        assertThat(verdicts()).containsExactly(false, false, true, true);
        Decision last = harness.extractOutputValues().get(3);
        assertThat(last.stage()).isEqualTo(Decision.Stage.SIVT);
        assertThat(last.reasons()).containsExactly("velocity");
        assertThat(last.score()).isEqualTo(1.0);
        assertThat(last.threshold()).isEqualTo(K);
        assertThat(last.slice()).isEqualTo("all");
        Decision first = harness.extractOutputValues().get(0);
        assertThat(first.stage()).isEqualTo(Decision.Stage.NONE);
        assertThat(first.reasons()).isEmpty();
    }

    @Test
    void countsEachKeyAndHourApart() throws Exception {
        send(
                click("alice", "10.0.0.1", T0),
                click("alice", "10.0.0.1", at(Duration.ofMinutes(1))),
                click("bob", "10.0.0.1", at(Duration.ofMinutes(2))),
                click("alice", "10.0.0.1", at(Duration.ofMinutes(61))),
                click("alice", "10.0.0.1", at(Duration.ofMinutes(62))),
                click("alice", "10.0.0.1", at(Duration.ofMinutes(63))));

        assertThat(verdicts()).containsExactly(false, false, false, false, false, true);
        assertThat(stateEntries()).isEqualTo(2);
    }

    @Test
    void decidesEveryClickWithoutTimers() throws Exception {
        send(click("alice", "10.0.0.1", T0), click("bob", "10.0.0.2", T0));

        assertThat(harness.extractOutputValues())
                .extracting(Decision::clickId)
                .hasSize(2)
                .doesNotHaveDuplicates();
        // the count is bounded by state TTL, not by timers
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void keepsCountsAcrossRestore() throws Exception {
        send(click("alice", "10.0.0.1", T0), click("alice", "10.0.0.1", at(Duration.ofMinutes(1))));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(click("alice", "10.0.0.1", at(Duration.ofMinutes(2))));

        assertThat(verdicts()).containsExactly(true);
        assertThat(stateEntries()).isEqualTo(1);
    }
}
