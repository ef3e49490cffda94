package dev.slidr.training.pipeline;

import dev.slidr.training.ClopperPearson;
import dev.slidr.training.FprBoundPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The checks that refuse a model: each returns a named {@link GuardrailResult} whose detail says
 * what was measured against what limit. A model is registered only when every check passed.
 *
 * <ul>
 *   <li>{@code input_completeness}: every input was read to its end (a CSV file stopped by an
 *       unterminated quote leaves the rest of its rows, and their labels, unread); checked before
 *       training, with {@code label_sources};
 *   <li>{@code label_sources}: the conversions and the RFM table each have at least one accepted
 *       row, unless empty label sources were allowed;
 *   <li>{@code human_density}: every hour-of-week cell of the training rows that has clicks has a
 *       share of human-labelled clicks at or above the floor (a cell without any means purchase or
 *       RFM labels went missing);
 *   <li>{@code slice_samples}: every slice has at least the minimum clicks in training, validation
 *       and holdout;
 *   <li>{@code auc_vs_stable}, {@code ivr_vs_stable}: holdout AUC and IVR at the budget not far
 *       below the stable model's (passed when there is no stable model);
 *   <li>{@code holdout_fpr}: the combined holdout weak FPR is within the budget;
 *   <li>{@code slice_holdout_fpr}: every slice's holdout weak FPR is within its cap; where labels
 *       are few, both compare the Clopper–Pearson upper bound ({@link FprBoundPolicy});
 *   <li>{@code finite_outputs}: no score is NaN or infinite;
 *   <li>{@code onnx_parity}: ONNX Runtime and the trainer agree within the tolerance;
 *   <li>{@code bundle_checksums}: the written bundle verifies against its manifest.
 * </ul>
 */
public final class Guardrails {

    public static final String INPUT_COMPLETENESS = "input_completeness";
    public static final String LABEL_SOURCES = "label_sources";
    public static final String HUMAN_DENSITY = "human_density";
    public static final String SLICE_SAMPLES = "slice_samples";
    public static final String AUC_VS_STABLE = "auc_vs_stable";
    public static final String IVR_VS_STABLE = "ivr_vs_stable";
    public static final String HOLDOUT_FPR = "holdout_fpr";
    public static final String SLICE_HOLDOUT_FPR = "slice_holdout_fpr";
    public static final String FINITE_OUTPUTS = "finite_outputs";
    public static final String ONNX_PARITY = "onnx_parity";
    public static final String BUNDLE_CHECKSUMS = "bundle_checksums";

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private Guardrails() {}

    /** Whether every input of {@code report} was read to its end. */
    public static GuardrailResult inputCompleteness(InputReport report) {
        List<String> cut = new ArrayList<>();
        long total = 0;
        for (String input : report.toMap().keySet()) {
            total += report.bytes(input);
            long unread = report.unreadBytes(input);
            if (unread > 0) {
                long size = report.bytes(input);
                cut.add(
                        String.format(
                                Locale.ROOT,
                                "%s stopped after %,d rows, %,d of %,d bytes read (%,d bytes,"
                                        + " %.1f%%, never read)",
                                input,
                                report.read(input),
                                size - unread,
                                size,
                                unread,
                                100.0 * unread / size));
            }
        }
        if (!cut.isEmpty()) {
            return new GuardrailResult(
                    INPUT_COMPLETENESS,
                    false,
                    String.join("; ", cut)
                            + ": fix the malformed row named in the rejections and train again");
        }
        return new GuardrailResult(
                INPUT_COMPLETENESS, true, String.format(Locale.ROOT, "%,d bytes, all read", total));
    }

    /**
     * Whether the label sources (conversions, RFM table) each gave at least one row; an empty one
     * silently turns human clicks into robots unless {@code allowEmpty}.
     */
    public static GuardrailResult labelSources(InputReport report, boolean allowEmpty) {
        List<String> empty = new ArrayList<>();
        for (String input : List.of(TrainingInputs.CONVERSIONS, TrainingInputs.RFM)) {
            if (report.accepted(input) == 0) {
                empty.add(input + " (" + report.read(input) + " rows read, none accepted)");
            }
        }
        if (empty.isEmpty()) {
            return new GuardrailResult(LABEL_SOURCES, true, "conversions and rfm both have rows");
        }
        String which = String.join(", ", empty);
        if (allowEmpty) {
            return new GuardrailResult(LABEL_SOURCES, true, "empty label source allowed: " + which);
        }
        return new GuardrailResult(
                LABEL_SOURCES,
                false,
                "empty label source: " + which + "; pass --allow-empty-labels if that is intended");
    }

    /** Human share of each hour-of-week cell of {@code rows} against {@code floor}. */
    public static GuardrailResult humanDensity(FeatureTable table, int[] rows, double floor) {
        long[] clicks = new long[168];
        long[] human = new long[168];
        for (int i : rows) {
            int cell = table.dayOfWeek[i] * 24 + table.hourOfDay[i];
            clicks[cell]++;
            if (table.label[i] < 0.5f) {
                human[cell]++;
            }
        }
        return humanDensity(clicks, human, floor);
    }

    /**
     * Human share of each hour-of-week cell ({@code day * 24 + hour}) from its counts of clicks and
     * of human-labelled clicks, against {@code floor}.
     */
    public static GuardrailResult humanDensity(long[] clicks, long[] human, double floor) {
        List<String> low = new ArrayList<>();
        double lowest = Double.POSITIVE_INFINITY;
        int cells = 0;
        for (int c = 0; c < 168; c++) {
            if (clicks[c] == 0) {
                continue;
            }
            cells++;
            double share = (double) human[c] / clicks[c];
            lowest = Math.min(lowest, share);
            if (share < floor) {
                low.add(
                        String.format(
                                Locale.ROOT,
                                "%s %02d:00 %.4f (%d of %d)",
                                DAYS[c / 24],
                                c % 24,
                                share,
                                human[c],
                                clicks[c]));
            }
        }
        if (cells == 0) {
            return new GuardrailResult(HUMAN_DENSITY, false, "no training clicks");
        }
        if (!low.isEmpty()) {
            return new GuardrailResult(
                    HUMAN_DENSITY,
                    false,
                    low.size()
                            + " of "
                            + cells
                            + " hour-of-week cells have a human-label share below "
                            + floor
                            + ": "
                            + String.join(", ", low.subList(0, Math.min(5, low.size())))
                            + (low.size() > 5 ? ", ..." : ""));
        }
        return new GuardrailResult(
                HUMAN_DENSITY,
                true,
                String.format(
                        Locale.ROOT,
                        "lowest human-label share %.4f over %d hour-of-week cells (floor %s)",
                        lowest,
                        cells,
                        floor));
    }

    /** Clicks of every device × login slice in each part against {@code min}. */
    public static GuardrailResult sliceSamples(
            FeatureTable table, int[] train, int[] validation, int[] holdout, int min) {
        int slices = SliceIndex.DEVICE_AND_LOGIN.size();
        long[][] counts = new long[3][slices];
        int[][] parts = {train, validation, holdout};
        for (int p = 0; p < 3; p++) {
            for (int i : parts[p]) {
                counts[p][table.slice[i]]++;
            }
        }
        return sliceSamples(counts, min);
    }

    /**
     * Clicks of every device × login slice ({@code counts[part][slice]}: training, validation,
     * holdout).
     */
    public static GuardrailResult sliceSamples(long[][] counts, int min) {
        return sliceSamples(counts, min, SliceIndex.DEVICE_AND_LOGIN);
    }

    /**
     * Clicks of every slice of {@code slicing} ({@code counts[part][slice]}: training, validation,
     * holdout).
     */
    public static GuardrailResult sliceSamples(long[][] counts, int min, SliceIndex slicing) {
        int slices = slicing.size();
        String[] names = {"training", "validation", "holdout"};
        List<String> few = new ArrayList<>();
        long smallest = Long.MAX_VALUE;
        List<String> absent = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            if (counts[0][s] == 0 && counts[1][s] == 0 && counts[2][s] == 0) {
                // a slice the data does not have is not a slice with too few samples
                absent.add(slicing.name(s));
                continue;
            }
            for (int p = 0; p < 3; p++) {
                smallest = Math.min(smallest, counts[p][s]);
                if (counts[p][s] < min) {
                    few.add(slicing.name(s) + " " + names[p] + " " + counts[p][s]);
                }
            }
        }
        String absentNote =
                absent.isEmpty() ? "" : "; absent from the data: " + String.join(", ", absent);
        if (!few.isEmpty()) {
            return new GuardrailResult(
                    SLICE_SAMPLES,
                    false,
                    "slices with fewer than "
                            + min
                            + " clicks: "
                            + String.join(", ", few)
                            + absentNote);
        }
        if (absent.size() == slices) {
            return new GuardrailResult(SLICE_SAMPLES, false, "no slice has clicks");
        }
        return new GuardrailResult(
                SLICE_SAMPLES,
                true,
                "every slice present has at least "
                        + smallest
                        + " clicks per split (minimum "
                        + min
                        + ")"
                        + absentNote);
    }

    /**
     * The human-label share floor of an hour-of-week cell for data whose human-labelled share is
     * {@code density}: {@code floor x density / referenceDensity}. The floor was set where the
     * simulator labels {@code referenceDensity} of the clicks human; a log labelled ten times more
     * thinly has a floor ten times lower.
     */
    public static double scaledFloor(double floor, double density, double referenceDensity) {
        return floor * density / referenceDensity;
    }

    /**
     * Human share of each hour-of-week cell against the floor scaled to the data's own label
     * density ({@link #scaledFloor}). A cell is judged only when the scaled floor is at least one
     * whole label of its clicks: in a smaller cell a share of zero is what the density predicts,
     * not a missing label source.
     */
    public static GuardrailResult humanDensityScaled(
            long[] clicks, long[] human, double floor, double referenceDensity) {
        long allClicks = 0;
        long allHuman = 0;
        for (int c = 0; c < 168; c++) {
            allClicks += clicks[c];
            allHuman += human[c];
        }
        if (allClicks == 0) {
            return new GuardrailResult(HUMAN_DENSITY, false, "no training clicks");
        }
        if (allHuman == 0) {
            return new GuardrailResult(
                    HUMAN_DENSITY, false, "no human-labelled training click in any hour");
        }
        double density = (double) allHuman / allClicks;
        double scaled = scaledFloor(floor, density, referenceDensity);
        long[] judgedClicks = new long[168];
        long[] judgedHuman = new long[168];
        int small = 0;
        for (int c = 0; c < 168; c++) {
            if (clicks[c] > 0 && clicks[c] * scaled < 1) {
                small++;
                continue;
            }
            judgedClicks[c] = clicks[c];
            judgedHuman[c] = human[c];
        }
        String basis =
                String.format(
                        Locale.ROOT,
                        " (floor %.6f = %s x label density %.4f / %s%s)",
                        scaled,
                        floor,
                        density,
                        referenceDensity,
                        small == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "; %d cells under %.0f clicks, where the floor is less"
                                                + " than one label, not judged",
                                        small,
                                        Math.ceil(1 / scaled)));
        boolean anyJudged = false;
        for (long c : judgedClicks) {
            anyJudged |= c > 0;
        }
        if (!anyJudged) {
            return new GuardrailResult(
                    HUMAN_DENSITY, true, "no cell large enough to judge" + basis);
        }
        GuardrailResult r = humanDensity(judgedClicks, judgedHuman, scaled);
        return new GuardrailResult(HUMAN_DENSITY, r.passed(), r.detail() + basis);
    }

    /** AUC and IVR against the stable model; both pass when there is none. */
    public static List<GuardrailResult> versusStable(
            ScorerMetrics candidate, StableReference stable, double maxAucDrop, double maxIvrDrop) {
        if (stable == null) {
            return List.of(
                    new GuardrailResult(AUC_VS_STABLE, true, "no stable model to compare with"),
                    new GuardrailResult(IVR_VS_STABLE, true, "no stable model to compare with"));
        }
        List<GuardrailResult> out = new ArrayList<>(2);
        if (Double.isNaN(stable.weakAuc())) {
            out.add(
                    new GuardrailResult(
                            AUC_VS_STABLE,
                            true,
                            "stable model " + stable.version() + " records no weak_auc"));
        } else {
            boolean ok = candidate.weakAuc() >= stable.weakAuc() - maxAucDrop;
            out.add(
                    new GuardrailResult(
                            AUC_VS_STABLE,
                            ok,
                            String.format(
                                    Locale.ROOT,
                                    "holdout weak_auc %.4f %s stable %s's %.4f - %.4f",
                                    candidate.weakAuc(),
                                    ok ? ">=" : "is below",
                                    stable.version(),
                                    stable.weakAuc(),
                                    maxAucDrop)));
        }
        if (Double.isNaN(stable.ivr())) {
            out.add(
                    new GuardrailResult(
                            IVR_VS_STABLE,
                            true,
                            "stable model " + stable.version() + " records no IVR"));
        } else {
            double floor = stable.ivr() * (1 - maxIvrDrop);
            boolean ok = candidate.ivr() >= floor;
            out.add(
                    new GuardrailResult(
                            IVR_VS_STABLE,
                            ok,
                            String.format(
                                    Locale.ROOT,
                                    "holdout IVR %.4f %s %.4f (stable %s's %.4f less %.0f%%)",
                                    candidate.ivr(),
                                    ok ? ">=" : "is below",
                                    floor,
                                    stable.version(),
                                    stable.ivr(),
                                    100 * maxIvrDrop)));
        }
        return out;
    }

    /** Combined holdout weak FPR within the budget, the point estimate held. */
    public static GuardrailResult holdoutFpr(ScorerMetrics combined, double budget) {
        return holdoutFpr(
                combined,
                budget,
                new FprBoundPolicy(
                        FprBoundPolicy.Held.POINT, ClopperPearson.DEFAULT_CONFIDENCE, 0));
    }

    /**
     * Combined holdout weak FPR within the budget, the estimate {@code policy} names held (the
     * upper bound where labels are few; see {@link #heldFpr}).
     */
    public static GuardrailResult holdoutFpr(
            ScorerMetrics combined, double budget, FprBoundPolicy policy) {
        if (Double.isNaN(combined.weakFpr())) {
            return new GuardrailResult(
                    HOLDOUT_FPR,
                    false,
                    "holdout has no purchasing clicks: weak_fpr cannot be measured");
        }
        HeldEstimate held = heldFpr(combined, budget, policy);
        boolean ok = held.value() <= budget;
        return new GuardrailResult(
                HOLDOUT_FPR,
                ok,
                String.format(
                        Locale.ROOT,
                        "holdout %s %.5f %s budget %s%s",
                        held.name(),
                        held.value(),
                        ok ? "within" : "exceeds",
                        budget,
                        held.note()));
    }

    /**
     * Every slice's holdout weak FPR within its cap ({@code sliceFprCap x budget}), the estimate
     * {@code policy} names held. A slice without purchasing clicks on the holdout day cannot be
     * measured and is listed, not failed; a slice that invalidated nothing passes whatever its
     * labels.
     */
    public static GuardrailResult sliceHoldoutFpr(
            Evaluation network, double cap, FprBoundPolicy policy) {
        List<String> over = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        int checked = 0;
        double worst = 0;
        String worstSlice = null;
        for (var e : network.slices().entrySet()) {
            ScorerMetrics m = e.getValue();
            if (m.weakHumanClicks() == 0) {
                unmeasured.add(e.getKey());
                continue;
            }
            checked++;
            if (m.ivr() == 0) {
                continue;
            }
            HeldEstimate held = heldFpr(m, cap, policy);
            if (held.value() > worst || worstSlice == null) {
                worst = held.value();
                worstSlice = e.getKey() + " " + held.name() + held.note();
            }
            if (held.value() > cap) {
                over.add(
                        String.format(
                                Locale.ROOT,
                                "%s %s %.4f (%d of %d purchasing clicks)%s",
                                e.getKey(),
                                held.name(),
                                held.value(),
                                m.weakFalsePositives(),
                                m.weakHumanClicks(),
                                held.note()));
            }
        }
        String notMeasured =
                unmeasured.isEmpty()
                        ? ""
                        : "; no purchasing clicks to measure: " + String.join(", ", unmeasured);
        if (!over.isEmpty()) {
            return new GuardrailResult(
                    SLICE_HOLDOUT_FPR,
                    false,
                    String.format(Locale.ROOT, "slices over the cap %s: ", cap)
                            + String.join(", ", over)
                            + notMeasured);
        }
        return new GuardrailResult(
                SLICE_HOLDOUT_FPR,
                true,
                String.format(
                                Locale.ROOT,
                                "%d slices within the cap %s; highest %s",
                                checked,
                                cap,
                                worstSlice == null
                                        ? "none (no slice invalidated a click)"
                                        : String.format(Locale.ROOT, "%.4f", worst)
                                                + " ("
                                                + worstSlice
                                                + ")")
                        + notMeasured);
    }

    /** The FPR estimate compared with a limit, its name, and why it is the one compared. */
    record HeldEstimate(String name, double value, String note) {}

    /**
     * The estimate of {@code m}'s weak FPR held to {@code limit}: the Clopper–Pearson bound where
     * {@code policy} says labels are few, else the point estimate. Where even zero false positives
     * among so few labels leave the bound above the limit, no model could pass: the point estimate
     * is held instead and the note says so, since a refusal must name a defect of the model, not
     * the size of the holdout day.
     */
    static HeldEstimate heldFpr(ScorerMetrics m, double limit, FprBoundPolicy policy) {
        long n = m.weakHumanClicks();
        if (!policy.holdsBound(n)) {
            return new HeldEstimate("weak_fpr", m.weakFpr(), "");
        }
        double atZero = ClopperPearson.upper(0, n, policy.confidence());
        if (atZero > limit) {
            return new HeldEstimate(
                    "weak_fpr",
                    m.weakFpr(),
                    String.format(
                            Locale.ROOT,
                            " [too few purchasing clicks (%d) for the bound: %.0f%% bound at 0"
                                    + " false positives is %.4f]",
                            n,
                            100 * policy.confidence(),
                            atZero));
        }
        return new HeldEstimate(
                "weak_fpr_upper",
                ClopperPearson.upper(m.weakFalsePositives(), n, policy.confidence()),
                String.format(
                        Locale.ROOT,
                        " [%.0f%% bound: %d purchasing clicks < %d]",
                        100 * policy.confidence(),
                        n,
                        policy.fewLabels()));
    }

    /** Every score of every named array finite. */
    public static GuardrailResult finiteOutputs(List<String> names, List<double[]> scores) {
        long total = 0;
        for (int k = 0; k < scores.size(); k++) {
            double[] s = scores.get(k);
            total += s.length;
            for (int i = 0; i < s.length; i++) {
                if (!Double.isFinite(s[i])) {
                    return new GuardrailResult(
                            FINITE_OUTPUTS,
                            false,
                            names.get(k) + " score of row " + i + " is " + s[i]);
                }
            }
        }
        return new GuardrailResult(FINITE_OUTPUTS, true, total + " scores, all finite");
    }

    /** ONNX Runtime against the trainer's forward pass. */
    public static GuardrailResult onnxParity(double maxAbsDiff, int rows, double tolerance) {
        boolean ok = maxAbsDiff <= tolerance;
        return new GuardrailResult(
                ONNX_PARITY,
                ok,
                String.format(
                        Locale.ROOT,
                        "max |onnx - trainer| %.2e over %d rows %s tolerance %s",
                        maxAbsDiff,
                        rows,
                        ok ? "within" : "exceeds",
                        tolerance));
    }

    /** Runs the bundle verification; any exception is a failure with its message. */
    public static GuardrailResult bundleChecksums(Callable<String> verify) {
        try {
            return new GuardrailResult(BUNDLE_CHECKSUMS, true, verify.call());
        } catch (Exception e) {
            return new GuardrailResult(
                    BUNDLE_CHECKSUMS,
                    false,
                    "bundle does not verify: "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** Whether every result passed. */
    public static boolean allPassed(List<GuardrailResult> results) {
        return results.stream().allMatch(GuardrailResult::passed);
    }
}
