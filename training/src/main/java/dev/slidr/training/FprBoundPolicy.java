package dev.slidr.training;

import java.util.Locale;

/**
 * Which FPR estimate a limit is held to: the point estimate (false positives / human-labelled
 * clicks) or its one-sided Clopper–Pearson upper bound. Calibration holds a slice's cap to it and
 * the holdout guardrails compare it. Where labels are many the two are close; where they are few
 * the point estimate is a guess (0 false positives in 40 clicks says the FPR is below 7.2 % at 95
 * %, not that it is 0), and only the bound keeps the promise to the billed advertiser.
 *
 * @param held which estimate is held
 * @param confidence one-sided confidence of the bound, in (0, 1)
 * @param fewLabels under {@link Held#BOUND_WHEN_FEW}, the bound is held for fewer human-labelled
 *     clicks than this
 */
public record FprBoundPolicy(Held held, double confidence, long fewLabels) {

    /**
     * The default {@code fewLabels}: with 1,000 human-labelled clicks the 95 % bound at the default
     * budget 0.02 (20 false positives) is 0.0289, within half the budget of the point estimate; at
     * 500 it is 0.0337 and at 200 already 0.0452, more than twice the estimate.
     */
    public static final long DEFAULT_FEW_LABELS = 1000;

    /** The estimate held to a limit. */
    public enum Held {
        /** Always the point estimate (the behaviour before issue 14). */
        POINT,
        /** Always the upper bound. */
        BOUND,
        /** The bound for fewer than {@code fewLabels} human-labelled clicks, else the point. */
        BOUND_WHEN_FEW;

        /** The option's spelling: {@code point}, {@code bound}, {@code bound-when-few}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The value of {@code label}; an unknown one is an {@link IllegalArgumentException}. */
        public static Held parse(String label) {
            for (Held h : values()) {
                if (h.label().equals(label)) {
                    return h;
                }
            }
            throw new IllegalArgumentException(
                    "FPR held must be point, bound or bound-when-few, was " + label);
        }
    }

    public FprBoundPolicy {
        if (held == null) {
            throw new IllegalArgumentException("FPR held is missing");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException(
                    "FPR bound confidence must be in (0, 1), was " + confidence);
        }
        if (fewLabels < 0) {
            throw new IllegalArgumentException("few-labels count must be >= 0, was " + fewLabels);
        }
    }

    /** The default: the 95 % bound below {@value #DEFAULT_FEW_LABELS} labelled clicks. */
    public static FprBoundPolicy defaults() {
        return new FprBoundPolicy(
                Held.BOUND_WHEN_FEW, ClopperPearson.DEFAULT_CONFIDENCE, DEFAULT_FEW_LABELS);
    }

    /** Whether the bound, not the point estimate, is held for {@code labelled} human clicks. */
    public boolean holdsBound(long labelled) {
        return switch (held) {
            case POINT -> false;
            case BOUND -> true;
            case BOUND_WHEN_FEW -> labelled < fewLabels;
        };
    }

    /** The estimate held for {@code falsePositives} of {@code labelled}; NaN without labels. */
    public double estimate(long falsePositives, long labelled) {
        if (labelled == 0) {
            return Double.NaN;
        }
        return holdsBound(labelled)
                ? ClopperPearson.upper(falsePositives, labelled, confidence)
                : (double) falsePositives / labelled;
    }

    /**
     * The most false positives among {@code labelled} human clicks whose held estimate stays at or
     * below {@code limit}; -1 when not even none does (the bound of 0 in {@code labelled} is above
     * the limit: too few labels to show any threshold keeps it).
     */
    public long maxFalsePositives(long labelled, double limit) {
        if (!holdsBound(labelled)) {
            return (long) Math.floor(limit * labelled + 1e-9);
        }
        if (labelled == 0 || ClopperPearson.upper(0, labelled, confidence) > limit) {
            return -1;
        }
        // the bound rises with the count: the largest count at or under the limit, by bisection
        long lo = 0;
        long hi = labelled;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (ClopperPearson.upper(mid, labelled, confidence) <= limit) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
