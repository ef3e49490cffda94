package dev.slidr.job.guard;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings of the rollback guard: when the live monitor's figures of a newly activated model make
 * the job roll back to the model before it. The defaults suit a few hundred clicks a second with
 * one-minute monitor windows.
 */
public final class GuardOptions {

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("slidr.guard.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether the job rolls a newly activated model back on its own when"
                                    + " the live monitor's figures cross the limits below. Needs"
                                    + " the monitor and a job run from the registry (--registry).");

    public static final ConfigOption<Integer> WINDOWS =
            ConfigOptions.key("slidr.guard.windows")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "How many of the latest monitor windows (1 to 60) the guard adds up,"
                                    + " for the active model since its activation and for the"
                                    + " previous model before it.");

    public static final ConfigOption<Double> IVR_RATIO =
            ConfigOptions.key("slidr.guard.ivr-ratio")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "A slice's IVR under the active model more than this many times the"
                                    + " previous model's IVR in that slice (before the activation)"
                                    + " rolls back (above 1).");

    public static final ConfigOption<Double> IVR_MIN_INCREASE =
            ConfigOptions.key("slidr.guard.ivr-min-increase")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription(
                            "The IVR rule also needs the active model's IVR to exceed the previous"
                                    + " one by at least this much (0 to 1), so slices with a tiny"
                                    + " IVR do not roll back over a few clicks.");

    public static final ConfigOption<Integer> MIN_CLICKS =
            ConfigOptions.key("slidr.guard.min-clicks")
                    .intType()
                    .defaultValue(200)
                    .withDescription(
                            "Least decisions per slice, for the active model and for the previous"
                                    + " one, before the IVR rule judges the slice (at least 1).");

    public static final ConfigOption<Double> FPR_BUDGET =
            ConfigOptions.key("slidr.guard.fpr-budget")
                    .doubleType()
                    .defaultValue(0.02)
                    .withDescription(
                            "The weak-label FPR budget the models are calibrated for (above 0,"
                                    + " at most 1).");

    public static final ConfigOption<Double> FPR_FACTOR =
            ConfigOptions.key("slidr.guard.fpr-factor")
                    .doubleType()
                    .defaultValue(5.0)
                    .withDescription(
                            "A slice's live weak-label FPR under the active model above this many"
                                    + " times the budget rolls back (at least 1).");

    public static final ConfigOption<Integer> MIN_LABELLED =
            ConfigOptions.key("slidr.guard.min-labelled")
                    .intType()
                    .defaultValue(50)
                    .withDescription(
                            "Least converting (labelled) clicks per slice under the active model"
                                    + " before the FPR rule judges the slice (at least 1).");

    private GuardOptions() {}
}
