package dev.slidr.replay.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.simulator.FileTrafficSink;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulationSummary;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.SimulatorOptions;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.training.pipeline.FeaturePass;
import dev.slidr.training.pipeline.FeaturePassStrategy;
import dev.slidr.training.pipeline.TrainingConfig;
import dev.slidr.training.pipeline.TrainingRequest;
import dev.slidr.training.pipeline.TrainingRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink feature pass and the single-machine pass give the same training rows, byte for byte,
 * for every click of a simulated day (every kind of robot, GIVT traffic included), and the same
 * input report; a model trained from either, with the same seed, has the same holdout figures.
 */
class FlinkFeaturePassParityITCase {

    @TempDir static Path dir;
    private static Path day;

    @BeforeAll
    static void simulateADay() throws Exception {
        day = Files.createDirectories(dir.resolve("day"));
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .set(SimulatorOptions.HUMAN_USERS, 8000)
                        .set(SimulatorOptions.BOTNET_HOSTS, 600)
                        .set(SimulatorOptions.LOW_AND_SLOW_BOTS, 200)
                        .set(SimulatorOptions.STOLEN_ACCOUNTS, 60)
                        .set(SimulatorOptions.FARM_ACCOUNTS, 15)
                        .set(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE, 3.0)
                        .build();
        TrafficSimulator simulator =
                new TrafficSimulator(config, 5, TrafficSimulator.DEFAULT_START, 1).threads(2);
        SimulationSummary summary;
        try (FileTrafficSink sink = new FileTrafficSink(day, false, true)) {
            summary = simulator.run(sink, ProgressListener.NONE);
        }
        simulator.writeSideFiles(day, summary);
    }

    @Test
    void flinkPassWritesTheSingleMachineRowsForEveryClick() throws Exception {
        TrainingRequest request = request(dir.resolve("unused"), null);
        FeaturePass.Result single =
                FeaturePass.SINGLE_MACHINE.run(request, dir.resolve("single.rows"));
        FeaturePass.Result flink = new FlinkFeaturePass(2).run(request, dir.resolve("flink.rows"));

        RowComparison compared = RowComparison.of(single.rowFile(), flink.rowFile());
        assertThat(compared.differences()).as(compared.firstDifference()).isZero();
        assertThat(compared.rows()).isEqualTo(single.rows()).isGreaterThan(30_000);
        assertThat(Files.mismatch(single.rowFile(), flink.rowFile())).isEqualTo(-1L);
        // the same clicks read, rejected, screened out and counted
        assertThat(flink.report().toMap()).isEqualTo(single.report().toMap());
        assertThat(single.report().rejected("clicks")).containsKey("givt_declared_robot");
    }

    @Test
    void modelTrainedFromEitherPassHasTheSameHoldoutFigures() throws Exception {
        Map<String, Object> single = train("single", FeaturePass.SINGLE_MACHINE);
        Map<String, Object> flink = train("flink", new FlinkFeaturePass(1));
        assertThat(flink.get("holdout")).isEqualTo(single.get("holdout"));
        assertThat(flink.get("baselines")).isEqualTo(single.get("baselines"));
        assertThat(flink.get("guardrails")).isEqualTo(single.get("guardrails"));
    }

    private static Map<String, Object> train(String name, FeaturePassStrategy pass)
            throws Exception {
        BundleSigner signer = BundleSigner.of(SigningKeys.generate().getPrivate());
        ModelRegistry registry =
                ModelRegistry.open(Files.createDirectories(dir.resolve(name + "-registry")))
                        .withTrust(BundleTrust.of(List.of(signer.publicKey())));
        StringWriter log = new StringWriter();
        PrintWriter progress = new PrintWriter(log, true);
        TrainingRun.Result result =
                new TrainingRun(registry, () -> progress, pass)
                        .run(request(dir.resolve(name + "-staging"), signer));
        return result.summary().toMap();
    }

    private static TrainingRequest request(Path staging, BundleSigner signer) {
        TrainingConfig config =
                TrainingConfig.builder()
                        .fprBudget(0.1)
                        .calibrationHeadroom(0.3)
                        .hidden(16, 8)
                        .epochs(4, 2)
                        .maxTrainRows(30_000)
                        .minSliceClicks(20)
                        .parityRows(2000)
                        .threads(2)
                        .seed(7)
                        .build();
        return TrainingRequest.builder()
                .clicks(day.resolve("clicks.jsonl"))
                .conversions(day.resolve("conversions.jsonl"))
                .rfm(day.resolve("rfm.csv"))
                .truth(day.resolve("truth.csv"))
                .givt(GivtConfig.fromConfiguration(new Configuration()))
                .config(config)
                .staging(staging)
                .versusStable(false)
                .signer(signer)
                .build();
    }
}
