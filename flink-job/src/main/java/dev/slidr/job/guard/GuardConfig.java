package dev.slidr.job.guard;

import java.io.Serializable;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The validated {@link GuardOptions}.
 *
 * @param enabled whether the job runs the guard
 * @param windows monitor windows added up per model
 * @param ivrRatio the IVR rule's factor over the previous model's IVR
 * @param ivrMinIncrease the IVR rule's least absolute increase
 * @param minClicks least decisions per slice and model for the IVR rule
 * @param fprBudget the weak-label FPR budget
 * @param fprFactor the FPR rule's factor over the budget
 * @param minLabelled least converting clicks per slice for the FPR rule
 */
public record GuardConfig(
        boolean enabled,
        int windows,
        double ivrRatio,
        double ivrMinIncrease,
        int minClicks,
        double fprBudget,
        double fprFactor,
        int minLabelled)
        implements Serializable {

    public GuardConfig {
        if (windows < 1 || windows > 60) {
            throw invalid(GuardOptions.WINDOWS.key(), "must be 1 to 60", windows);
        }
        if (!(ivrRatio > 1) || Double.isInfinite(ivrRatio)) {
            throw invalid(GuardOptions.IVR_RATIO.key(), "must be a number above 1", ivrRatio);
        }
        if (!(ivrMinIncrease >= 0 && ivrMinIncrease <= 1)) {
            throw invalid(GuardOptions.IVR_MIN_INCREASE.key(), "must be 0 to 1", ivrMinIncrease);
        }
        if (minClicks < 1) {
            throw invalid(GuardOptions.MIN_CLICKS.key(), "must be at least 1", minClicks);
        }
        if (!(fprBudget > 0 && fprBudget <= 1)) {
            throw invalid(
                    GuardOptions.FPR_BUDGET.key(), "must be above 0 and at most 1", fprBudget);
        }
        if (!(fprFactor >= 1) || Double.isInfinite(fprFactor)) {
            throw invalid(
                    GuardOptions.FPR_FACTOR.key(), "must be a number of at least 1", fprFactor);
        }
        if (minLabelled < 1) {
            throw invalid(GuardOptions.MIN_LABELLED.key(), "must be at least 1", minLabelled);
        }
    }

    /**
     * Reads and checks {@link GuardOptions}.
     *
     * @throws IllegalArgumentException naming the bad key
     */
    public static GuardConfig fromConfiguration(ReadableConfig conf) {
        return new GuardConfig(
                conf.get(GuardOptions.ENABLED),
                conf.get(GuardOptions.WINDOWS),
                conf.get(GuardOptions.IVR_RATIO),
                conf.get(GuardOptions.IVR_MIN_INCREASE),
                conf.get(GuardOptions.MIN_CLICKS),
                conf.get(GuardOptions.FPR_BUDGET),
                conf.get(GuardOptions.FPR_FACTOR),
                conf.get(GuardOptions.MIN_LABELLED));
    }

    /** The defaults of {@link GuardOptions}, enabled. */
    public static GuardConfig defaults() {
        return fromConfiguration(
                new org.apache.flink.configuration.Configuration().set(GuardOptions.ENABLED, true));
    }

    private static IllegalArgumentException invalid(String key, String why, Object value) {
        return new IllegalArgumentException(key + ": " + why + ", was " + value);
    }
}
