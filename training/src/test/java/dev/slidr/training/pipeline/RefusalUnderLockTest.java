package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.registry.ModelRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refused model stays refused, with its bundle location, when the registry is locked. */
class RefusalUnderLockTest {

    @Test
    void aRefusalUnderALockIsStillARefusalWithItsBundle(@TempDir Path tmp) throws Exception {
        TrainingConfig config =
                TrainingConfig.builder()
                        .fprBudget(0.1)
                        .hidden(8, 4)
                        .epochs(2, 1)
                        .maxTrainRows(10_000)
                        // no slice has that many clicks: the model is refused whatever it learnt
                        .minSliceClicks(10_000_000)
                        .parityRows(500)
                        .threads(2)
                        .seed(3)
                        .build();
        StringWriter log = new StringWriter();
        PrintWriter progress = new PrintWriter(log, true);
        TrainedModel model =
                new TrainingPipeline(config, progress)
                        .train(TrainingPipelineTest.simulatedDay(), null, null, null);
        Path root = tmp.resolve("registry");
        Files.createDirectories(root);
        Files.writeString(
                root.resolve("registry.lock"), "4242@crashed-host 2026-01-01T00:00:00Z t");

        ModelPublisher.Published published =
                new ModelPublisher(ModelRegistry.open(root), config, progress)
                        .publish(model, tmp.resolve("staging"), Instant.now());

        assertThat(published.registered()).isFalse();
        assertThat(published.bundle())
                .isEqualTo(tmp.resolve("staging").resolve(model.version()).toString());
        assertThat(Files.isDirectory(Path.of(published.bundle()))).isTrue();
        assertThat(log.toString())
                .contains(
                        "the refusal is not in the registry history: the registry is locked by"
                                + " 4242@crashed-host")
                .contains("refused " + model.version() + " (slice_samples: ");
    }
}
