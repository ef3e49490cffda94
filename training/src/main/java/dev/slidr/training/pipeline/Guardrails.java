package dev.slidr.training.pipeline;

import dev.slidr.rules.slice.Slices;
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
 *   <li>{@code holdout_fpr}: the combined holdout FPR is within the budget;
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

    /** Clicks of every slice in each part against {@code min}. */
    public static GuardrailResult sliceSamples(
            FeatureTable table, int[] train, int[] validation, int[] holdout, int min) {
        int slices = Slices.NAMES.size();
        long[][] counts = new long[3][slices];
        int[][] parts = {train, validation, holdout};
        for (int p = 0; p < 3; p++) {
            for (int i : parts[p]) {
                counts[p][table.slice[i]]++;
            }
        }
        return sliceSamples(counts, min);
    }

    /** Clicks of every slice ({@code counts[part][slice]}: training, validation, holdout). */
    public static GuardrailResult sliceSamples(long[][] counts, int min) {
        int slices = Slices.NAMES.size();
        String[] names = {"training", "validation", "holdout"};
        List<String> few = new ArrayList<>();
        long smallest = Long.MAX_VALUE;
        for (int s = 0; s < slices; s++) {
            for (int p = 0; p < 3; p++) {
                smallest = Math.min(smallest, counts[p][s]);
                if (counts[p][s] < min) {
                    few.add(Slices.NAMES.get(s) + " " + names[p] + " " + counts[p][s]);
                }
            }
        }
        if (!few.isEmpty()) {
            return new GuardrailResult(
                    SLICE_SAMPLES,
                    false,
                    "slices with fewer than " + min + " clicks: " + String.join(", ", few));
        }
        return new GuardrailResult(
                SLICE_SAMPLES,
                true,
                "every slice has at least " + smallest + " clicks per split (minimum " + min + ")");
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
        if (Double.isNaN(stable.auc())) {
            out.add(
                    new GuardrailResult(
                            AUC_VS_STABLE,
                            true,
                            "stable model " + stable.version() + " records no AUC"));
        } else {
            boolean ok = candidate.auc() >= stable.auc() - maxAucDrop;
            out.add(
                    new GuardrailResult(
                            AUC_VS_STABLE,
                            ok,
                            String.format(
                                    Locale.ROOT,
                                    "holdout AUC %.4f %s stable %s's %.4f - %.4f",
                                    candidate.auc(),
                                    ok ? ">=" : "is below",
                                    stable.version(),
                                    stable.auc(),
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

    /** Combined holdout FPR within the budget. */
    public static GuardrailResult holdoutFpr(ScorerMetrics combined, double budget) {
        if (Double.isNaN(combined.fpr())) {
            return new GuardrailResult(
                    HOLDOUT_FPR, false, "holdout has no purchasing clicks: FPR cannot be measured");
        }
        boolean ok = combined.fpr() <= budget;
        return new GuardrailResult(
                HOLDOUT_FPR,
                ok,
                String.format(
                        Locale.ROOT,
                        "holdout FPR %.5f %s budget %s",
                        combined.fpr(),
                        ok ? "within" : "exceeds",
                        budget));
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
