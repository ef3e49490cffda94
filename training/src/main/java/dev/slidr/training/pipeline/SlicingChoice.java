package dev.slidr.training.pipeline;

import dev.slidr.rules.slice.Slicing;
import dev.slidr.training.ClopperPearson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The slicing one run calibrated, and why: the scheme {@code --slicing} named, or the one {@code
 * auto} chose from the calibration rows' purchasing clicks ({@link #auto}).
 *
 * @param slices the chosen scheme's slices
 * @param asked what was asked for: a scheme, or {@link SliceScheme#AUTO}
 * @param reason one line saying why this scheme, for stderr, the summary and the report
 */
public record SlicingChoice(SliceIndex slices, SliceScheme asked, String reason) {

    /** The schemes {@code auto} tries, finest first. */
    static final List<Slicing> FINEST_FIRST =
            List.of(Slicing.DEVICE_AND_LOGIN, Slicing.DEVICE, Slicing.LOGIN, Slicing.SINGLE);

    public SlicingChoice {
        Objects.requireNonNull(slices, "slices");
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(reason, "reason");
    }

    /** The scheme {@code --slicing} named, or the default. */
    public static SlicingChoice given(SliceScheme scheme) {
        return new SlicingChoice(
                SliceIndex.of(scheme.slicing()),
                scheme,
                scheme == SliceScheme.DEVICE_AND_LOGIN
                        ? "--slicing device_and_login (the default)"
                        : "--slicing " + scheme.label());
    }

    /**
     * The least purchasing clicks that can show a slice keeps {@code cap}: with 0 false positives
     * among n labels the one-sided Clopper–Pearson bound at {@code confidence} is 1 - (1 -
     * confidence)^(1/n), about 3 / n at 95 %, so n must reach ln(1 - confidence) / ln(1 - cap). A
     * slice with fewer cannot be shown to keep its cap at any threshold and invalidates nothing
     * ({@link TrainingPipeline}'s calibration); at the defaults (cap 2 x 0.02, 95 %) it is 74.
     * {@code auto} asks this of every slice whatever estimate {@code --fpr-held} holds: under the
     * point estimate one label would do, and one label shows nothing.
     */
    public static long minPurchasingClicks(double cap, double confidence) {
        if (!(cap > 0) || cap >= 1) {
            return 1;
        }
        long n = Math.max(1, (long) Math.ceil(Math.log(1 - confidence) / Math.log(1 - cap)));
        // the closed form can land one off by rounding; the bound itself decides
        while (n > 1 && ClopperPearson.upper(0, n - 1, confidence) <= cap) {
            n--;
        }
        while (ClopperPearson.upper(0, n, confidence) > cap) {
            n++;
        }
        return n;
    }

    /**
     * The finest scheme, in the order device × login, device, login, single, in which every slice
     * present in the calibration rows (at least one click) has at least {@code min} purchasing
     * clicks there; a slice without any click is absent and counts against no scheme. When not even
     * the single slice has {@code min}, single (the coarsest there is).
     *
     * @param cellClicks calibration rows by device × login cell ({@code Slices.id})
     * @param cellPurchasing their purchasing clicks by cell
     */
    public static SlicingChoice auto(long[] cellClicks, long[] cellPurchasing, long min) {
        List<String> thin = new ArrayList<>();
        for (Slicing slicing : FINEST_FIRST) {
            SliceIndex index = SliceIndex.of(slicing);
            long[][] sums = index.ofCells(new long[][] {cellClicks, cellPurchasing});
            List<String> few = new ArrayList<>();
            String fewest = null;
            long least = Long.MAX_VALUE;
            for (int s = 0; s < index.size(); s++) {
                if (sums[0][s] == 0) {
                    continue;
                }
                if (sums[1][s] < min) {
                    few.add(index.name(s) + " " + sums[1][s]);
                }
                if (sums[1][s] < least) {
                    least = sums[1][s];
                    fewest = index.name(s);
                }
            }
            if (few.isEmpty() && fewest != null) {
                return new SlicingChoice(
                        index,
                        SliceScheme.AUTO,
                        String.format(
                                Locale.ROOT,
                                "auto: %s%s, every slice present has at least %d purchasing"
                                        + " clicks in the calibration rows (fewest: %s %d)",
                                index.schemeName(),
                                thin.isEmpty() ? "" : " (" + String.join("; ", thin) + ")",
                                min,
                                fewest,
                                least));
            }
            thin.add(
                    index.schemeName()
                            + (few.isEmpty()
                                    ? " has no clicks"
                                    : " has " + String.join(", ", few)));
        }
        return new SlicingChoice(
                SliceIndex.of(Slicing.SINGLE),
                SliceScheme.AUTO,
                String.format(
                        Locale.ROOT,
                        "auto: single, the coarsest, though no scheme has %d purchasing clicks in"
                                + " every slice of the calibration rows (%s)",
                        min,
                        String.join("; ", thin)));
    }

    /** The chosen scheme's name, as {@code calibration.json} writes it. */
    public String schemeName() {
        return slices.schemeName();
    }
}
