package dev.slidr.training.pipeline;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Hears how a {@link TrainingRun} goes: the inputs as they are read, and the stage log of training
 * and publishing.
 */
public interface TrainingListener {

    /** Reading the input files begins. */
    default void readingInputs() {}

    /** The inputs were read and screened; {@code report} counts what each file held. */
    default void inputsRead(InputReport report, Duration took) {}

    /** Where training and publishing write their stage lines, epochs and the registry's verdict. */
    PrintWriter log();
}
