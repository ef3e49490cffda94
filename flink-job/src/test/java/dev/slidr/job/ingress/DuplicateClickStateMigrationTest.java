package dev.slidr.job.ingress;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.testing.Clicks;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/**
 * Restores the dedupe operator from a golden RocksDB snapshot of state version 2 (per user key), so
 * that a change to the state's name, type or serializer that would break savepoint upgrades fails
 * here.
 *
 * <p>To write a new golden file after a deliberate state change (with a new version number): run
 * this class with {@code -Dslidr.writeGolden=true}; the file lands under {@code
 * src/test/resources/golden/}.
 */
class DuplicateClickStateMigrationTest {

    private static final String GOLDEN = "golden/dedupe-user-state-v2.snapshot";
    private static final GivtConfig CONFIG =
            GivtConfig.builder()
                    .dedupeWindow(Duration.ofHours(1))
                    .dedupeStateTtl(Duration.ofHours(1))
                    .build();

    @Test
    void restoresRememberedClickIdsAndTimersFromTheGoldenSnapshot() throws Exception {
        if (Boolean.getBoolean("slidr.writeGolden")) {
            writeGolden();
        }
        OperatorSubtaskState golden =
                OperatorSnapshotUtil.readStateHandle(
                        OperatorSnapshotUtil.getResourceFilename(GOLDEN));

        try (var harness = harness()) {
            harness.initializeState(golden);
            harness.open();
            assertThat(harness.numEventTimeTimers()).isEqualTo(2);

            process(harness, verdict("golden-1", T0.plusSeconds(60)));
            process(harness, verdict("golden-3", T0.plusSeconds(61)));

            assertThat(harness.getSideOutput(DuplicateClickFunction.DUPLICATES))
                    .extracting(r -> r.getValue().click().clickId() + ":" + r.getValue().reason())
                    .containsExactly("golden-1:" + GivtReason.DUPLICATE_CLICK);
            assertThat(harness.extractOutputValues())
                    .extracting(v -> v.click().clickId())
                    .containsExactly("golden-3");

            harness.processWatermark(T0.plus(Duration.ofHours(1)).plusSeconds(2).toEpochMilli());
            process(harness, verdict("golden-2", T0.plus(Duration.ofHours(1)).plusSeconds(3)));
            assertThat(harness.extractOutputValues())
                    .extracting(v -> v.click().clickId())
                    .containsExactly("golden-3", "golden-2");
        }
    }

    private static void writeGolden() throws Exception {
        try (var harness = harness()) {
            harness.open();
            process(harness, verdict("golden-1", T0));
            process(harness, verdict("golden-2", T0.plusSeconds(1)));
            Path file = Path.of("src/test/resources", GOLDEN);
            Files.createDirectories(file.getParent());
            OperatorSnapshotUtil.writeStateHandle(harness.snapshot(1L, 1L), file.toString());
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict>
            harness() throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DuplicateClickFunction(
                                        CONFIG, IngressStages.DEDUPE_TIMER_GRID)),
                        IngressStages::userKey,
                        Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    private static void process(
            KeyedOneInputStreamOperatorTestHarness<String, GivtVerdict, GivtVerdict> harness,
            GivtVerdict verdict)
            throws Exception {
        harness.processElement(new StreamRecord<>(verdict, verdict.click().ts()));
    }

    private static GivtVerdict verdict(String clickId, Instant at) {
        return GivtVerdict.pass(
                Clicks.builder("u.k1.x", "i.k1.y", at).clickId(clickId).session("s.k1.z").build());
    }
}
