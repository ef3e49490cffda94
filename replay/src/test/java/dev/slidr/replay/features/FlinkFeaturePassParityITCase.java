package dev.slidr.replay.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import dev.slidr.rules.givt.GivtConfig;
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
 * for every click of two simulated days (every kind of robot, GIVT traffic included; users back
 * after a day of silence, whose counters the live user stage has dropped), and the same input
 * report; a model trained from either, with the same seed, has the same holdout figures.
 */
class FlinkFeaturePassParityITCase {

    @TempDir static Path dir;
    private static Path day;

    @BeforeAll
    static void simulateTwoDays() throws Exception {
        day = SmallSimulation.write(dir.resolve("day"), 5, 2, 4000, 300, 200, 60, 15, 3.0);
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
        assertThat(returningUsers(single.rowFile())).as("users back after a day").isPositive();
    }

    @Test
    void modelTrainedFromEitherPassHasTheSameHoldoutFigures() throws Exception {
        Map<String, Object> single = train("single", FeaturePass.SINGLE_MACHINE);
        Map<String, Object> flink = train("flink", new FlinkFeaturePass(1));
        assertThat(flink.get("holdout")).isEqualTo(single.get("holdout"));
        assertThat(flink.get("baselines")).isEqualTo(single.get("baselines"));
        assertThat(flink.get("guardrails")).isEqualTo(single.get("guardrails"));
    }

    /** Rows whose user's previous click was more than 20 hours before. */
    private static long returningUsers(Path rows) throws java.io.IOException {
        long n = 0;
        try (dev.slidr.training.rows.RowFile.Reader in =
                new dev.slidr.training.rows.RowFile.Reader(rows)) {
            for (var r = in.next(); r != null; r = in.next()) {
                n +=
                        r.x[dev.slidr.feature.FeatureSchema.USER_SECONDS_SINCE_PREVIOUS] > 20 * 3600
                                ? 1
                                : 0;
            }
        }
        return n;
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
