package dev.slidr.cli;

import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options of a command that runs the registry's stable model, or trains one on simulated history
 * when there is none ({@code demo}, {@code bench}); a picocli mixin, so both spell them alike.
 */
final class ModelSourceOptions {

    @Option(
            names = "--registry",
            paramLabel = "DIR",
            defaultValue = "registry",
            description = "Model registry directory (default: ./${DEFAULT-VALUE}).")
    Path registry;

    @Option(
            names = "--history-days",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "Days of simulated history to train on when the registry has no stable"
                            + " model (default: ${DEFAULT-VALUE}).")
    int historyDays;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Maximum training epochs (default: the trainer's).")
    Integer epochs;

    @Option(
            names = "--max-train-rows",
            paramLabel = "N",
            description = "Training rows are sampled down to N (default: the trainer's).")
    Integer maxTrainRows;

    @Option(
            names = "--networks",
            paramLabel = "N",
            description = "Networks the trained model averages (default: the trainer's).")
    Integer networks;

    /** What is wrong with the options, or null when they are usable. */
    String problem() {
        if (historyDays < 1 || historyDays > 60) {
            return "--history-days must be in [1, 60], was " + historyDays;
        }
        return networksProblem(networks);
    }

    /**
     * What is wrong with a {@code --networks} value, or null when it is absent or in range; {@code
     * train} and the commands that train on simulated history say it alike.
     */
    static String networksProblem(Integer networks) {
        if (networks != null && (networks < 1 || networks > TrainingConfig.MAX_NETWORKS)) {
            return "--networks must be in [1, "
                    + TrainingConfig.MAX_NETWORKS
                    + "], was "
                    + networks;
        }
        return null;
    }

    /**
     * The configuration of a model trained on the history: the trainer's defaults, with this seed
     * and the epochs and row limit given.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    TrainingConfig training(long seed) {
        TrainingConfig.Builder builder = TrainingConfig.builder().seed(seed);
        if (epochs != null) {
            builder.epochs(
                    epochs, Math.min(TrainingConfig.defaults().patience(), Math.max(1, epochs)));
        }
        if (maxTrainRows != null) {
            builder.maxTrainRows(maxTrainRows);
        }
        if (networks != null) {
            builder.networks(networks);
        }
        return builder.build();
    }
}
