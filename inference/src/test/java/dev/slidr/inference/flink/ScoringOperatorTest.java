package dev.slidr.inference.flink;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.decision.SliceThresholds;
import dev.slidr.inference.scoring.InvalidModelException;
import dev.slidr.inference.scoring.ScorerOptions;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.rules.slice.Slicing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scoring operator in a test harness on RocksDB, driving processing time by hand: batches flush
 * at their size, at their time bound, before a checkpoint barrier, before a watermark and at the
 * end of input, and every decision is the model's.
 */
class ScoringOperatorTest {

    private static final int BATCH = 4;
    private static final long DELAY = 10;

    private static TestModels models;
    private static DeployedModel model;

    private OneInputStreamOperatorTestHarness<FeaturedClick, Decision> harness;
    private final Random random = new Random(21);

    @BeforeAll
    static void train() {
        models = TestModels.get();
        Map<String, Double> thresholds = new HashMap<>();
        Slicing.DEVICE_AND_LOGIN.slices().forEach(s -> thresholds.put(s.name(), 0.5));
        model =
                new DeployedModel(
                        TestModels.MODEL_VERSION,
                        "v2",
                        TestModels.NAMES,
                        models.onnx(),
                        models.reference(),
                        SliceThresholds.of("c1", thresholds, Slicing.DEVICE_AND_LOGIN));
    }

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(ScoringOperator operator) throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(operator);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.setProcessingTime(1_000);
        harness.open();
    }

    private void open() throws Exception {
        open(new ScoringOperator(ModelSource.fixed(model), ScorerOptions.defaults(), BATCH, DELAY));
    }

    private java.util.Set<Long> timers() {
        return harness.getProcessingTimeService().getActiveTimerTimestamps();
    }

    private FeaturedClick click(int i) {
        Click click = builder("user-" + i, "10.0.0." + i, T0.plusSeconds(i)).build();
        return new FeaturedClick(click, "v2", TestModels.randomRow(random), false);
    }

    private List<FeaturedClick> send(int n) throws Exception {
        List<FeaturedClick> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FeaturedClick c = click(i);
            harness.processElement(c, c.click().ts());
            sent.add(c);
        }
        return sent;
    }

    @Test
    void recordsTheProcessingLatencyOfEveryStampedClick() throws Exception {
        ScoringOperator operator =
                new ScoringOperator(
                        ModelSource.fixed(model), ScorerOptions.defaults(), BATCH, DELAY);
        open(operator);
        FeaturedClick unstamped = click(1);
        FeaturedClick base = click(2);
        long readMicros = IngestedClick.nowMicros() - 3_000;
        FeaturedClick stamped =
                new FeaturedClick(base.click(), "v2", base.features(), base.late(), readMicros);
        harness.processElement(unstamped, unstamped.click().ts());
        harness.processElement(stamped, stamped.click().ts());
        harness.prepareSnapshotPreBarrier(1L);

        assertThat(harness.extractOutputValues()).hasSize(2);
        org.HdrHistogram.Histogram recorded = operator.latency().snapshot();
        // only the stamped click counts; it was read at least 3 ms before its decision
        assertThat(recorded.getTotalCount()).isEqualTo(1);
        assertThat(recorded.getMinValue()).isGreaterThanOrEqualTo(2_990);
        assertThat(operator.latency().getStatistics().getQuantile(0.999))
                .isGreaterThanOrEqualTo(2_990);
    }

    @Test
    void writesEachDecisionWithItsClicksAdvertiserOnlyWhenAsked() throws Exception {
        ScoringOperator operator =
                new ScoringOperator(
                        ModelSource.fixed(model), ScorerOptions.defaults(), BATCH, DELAY);
        operator.writeAdvertised();
        open(operator);
        List<String> advertisers = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Click click =
                    builder("user-" + i, "10.0.0." + i, T0.plusSeconds(i))
                            .advertiser("adv-" + (i % 2) + "-" + i)
                            .build();
            harness.processElement(
                    new FeaturedClick(click, "v2", TestModels.randomRow(random), false),
                    click.ts());
            advertisers.add(click.advertiserId());
        }

        List<Decision> decided = harness.extractOutputValues();
        assertThat(decided).hasSize(BATCH);
        List<StreamRecord<Tuple2<String, Decision>>> expected = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Decision d = decided.get(i);
            expected.add(new StreamRecord<>(Tuple2.of(advertisers.get(i), d), d.eventTs()));
        }
        assertThat(harness.getSideOutput(ScoringOperator.ADVERTISED))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void writesNoAdvertisersUnlessAsked() throws Exception {
        open();
        send(BATCH);
        assertThat(harness.extractOutputValues()).hasSize(BATCH);
        assertThat(harness.getSideOutput(ScoringOperator.ADVERTISED)).isNull();
    }

    @Test
    void scoresABatchAsSoonAsItIsFull() throws Exception {
        open();
        send(BATCH - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(timers()).containsExactly(1_000 + DELAY);
        send(1);
        assertThat(harness.extractOutputValues()).hasSize(BATCH);
    }

    @Test
    void scoresAPartialBatchWhenItsTimeBoundPasses() throws Exception {
        open();
        send(2);
        harness.setProcessingTime(1_000 + DELAY - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(1_000 + DELAY);
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(timers()).isEmpty();
    }

    @Test
    void aFullBatchLeavesTheNextBatchItsOwnTimeBound() throws Exception {
        open();
        send(BATCH);
        harness.setProcessingTime(1_005);
        send(1);
        // the timer armed for the first batch fires at 1_010 and finds the new one not yet due
        harness.setProcessingTime(1_010);
        assertThat(harness.extractOutputValues()).hasSize(BATCH);
        harness.setProcessingTime(1_015);
        assertThat(harness.extractOutputValues()).hasSize(BATCH + 1);
    }

    @Test
    void holdsNoClickAcrossACheckpointBarrier() throws Exception {
        open();
        send(3);
        harness.prepareSnapshotPreBarrier(1L);
        assertThat(harness.extractOutputValues()).hasSize(3);
        harness.snapshot(1L, 1_000);
        // the timer of the flushed batch fires later and emits nothing twice
        harness.setProcessingTime(2_000);
        assertThat(harness.extractOutputValues()).hasSize(3);
    }

    @Test
    void emitsBufferedDecisionsBeforeForwardingAWatermark() throws Exception {
        open();
        send(2);
        harness.processWatermark(new Watermark(T0.toEpochMilli() + 5_000));
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertThat(output).hasSize(3);
        assertThat(output.get(0)).isInstanceOf(StreamRecord.class);
        assertThat(output.get(1)).isInstanceOf(StreamRecord.class);
        assertThat(output.get(2)).isInstanceOf(Watermark.class);
    }

    @Test
    void scoresWhatIsLeftAtTheEndOfInput() throws Exception {
        open();
        send(BATCH + 2);
        assertThat(harness.extractOutputValues()).hasSize(BATCH);
        harness.endInput();
        assertThat(harness.extractOutputValues()).hasSize(BATCH + 2);
    }

    @Test
    void decisionsCarryTheModelsScoresAndEverythingToAuditThem() throws Exception {
        open();
        List<FeaturedClick> sent = send(3 * BATCH + 1);
        harness.setProcessingTime(1_000 + DELAY);
        List<StreamRecord<? extends Decision>> records = harness.extractOutputStreamRecords();
        assertThat(records).hasSize(sent.size());

        float[][] rows = sent.stream().map(FeaturedClick::features).toArray(float[][]::new);
        float[] expected = models.trainerScores(rows);
        for (int i = 0; i < sent.size(); i++) {
            Decision d = records.get(i).getValue();
            FeaturedClick in = sent.get(i);
            assertThat(d.clickId()).isEqualTo(in.click().clickId());
            assertThat(records.get(i).getTimestamp()).isEqualTo(in.click().ts());
            assertThat(d.eventTs()).isEqualTo(in.click().ts());
            assertThat(d.score()).isCloseTo(expected[i], within(1e-5));
            assertThat(d.threshold()).isEqualTo(0.5);
            assertThat(d.slice()).isEqualTo("desktop/logged_in");
            assertThat(d.modelVersion()).isEqualTo(TestModels.MODEL_VERSION);
            assertThat(d.calibrationVersion()).isEqualTo("c1");
            assertThat(d.featureVersion()).isEqualTo("v2");
            assertThat(d.features()).containsExactly(in.features());
            assertThat(d.invalid()).isEqualTo(d.score() >= 0.5);
            if (d.invalid()) {
                assertThat(d.reasons()).first().isEqualTo("sivt:user_clicks_1h");
            }
        }
        // batches of 4 filled at 1_000; the last one waited for its time bound
        assertThat(records.get(0).getValue().decidedTs()).isEqualTo(1_000);
        assertThat(records.get(sent.size() - 1).getValue().decidedTs()).isEqualTo(1_000 + DELAY);
    }

    @Test
    void scoresEveryClickOnArrivalWithAZeroDelay() throws Exception {
        open(new ScoringOperator(ModelSource.fixed(model), ScorerOptions.defaults(), 64, 0));
        send(3);
        assertThat(harness.extractOutputValues()).hasSize(3);
        assertThat(timers()).isEmpty();
    }

    @Test
    void aModelThatDoesNotLoadFailsTheOperatorOnOpen() throws Exception {
        DeployedModel broken =
                new DeployedModel(
                        "m-broken",
                        "v2",
                        TestModels.NAMES,
                        new byte[] {1, 2, 3},
                        models.reference(),
                        model.thresholds());
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ScoringOperator(
                                ModelSource.fixed(broken), ScorerOptions.defaults(), 4, 5));
        assertThatThrownBy(harness::open)
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("cannot load the model");
    }

    @Test
    void buildsFromConfigurationAndNamesTheKeyAtFault() {
        Configuration config = new Configuration();
        config.set(ScoringOptions.BATCH_MAX_SIZE, 128);
        config.set(ScoringOptions.BATCH_MAX_DELAY, Duration.ofMillis(2));
        assertThat(ScoringOperator.create(ModelSource.fixed(model), config)).isNotNull();

        config.set(ScoringOptions.BATCH_MAX_SIZE, 0);
        assertThatThrownBy(() -> ScoringOperator.create(ModelSource.fixed(model), config))
                .hasMessageContaining("slidr.scoring.batch.max-size");
        config.set(ScoringOptions.BATCH_MAX_SIZE, 8);
        config.set(ScoringOptions.INTRA_OP_THREADS, 0);
        assertThatThrownBy(() -> ScoringOperator.create(ModelSource.fixed(model), config))
                .hasMessageContaining("slidr.scoring")
                .hasMessageContaining("intra-op threads");
    }
}
