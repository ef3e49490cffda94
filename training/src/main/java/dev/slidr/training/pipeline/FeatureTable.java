package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdCounters;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.FeatureVector;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.feature.UserCounters;
import dev.slidr.training.rows.RowFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The labelled feature rows of a training run, built with the live feature code: clicks sorted by
 * event time (stable, so equal times keep file order) run through one {@link UserCounters} per user
 * key, one {@link AdCounters} per ad and one {@link IpCounters} per IP, and {@link FeatureVector}
 * assembles each row, exactly as the live job's keyed functions do. Clicks before the range warm
 * the counters up but give no rows; clicks at or after its end are not read.
 *
 * <p>Per row: event time, raw {@link FeatureSchema#CURRENT} features, slice, logged-in, purchase
 * within the attribution window, weak label, ground truth (-1 when unknown), local hour and day,
 * and the high-velocity flag (user clicks in the last hour over k). A training run holds only the
 * rows it samples here ({@link TrainingPipeline}); rows kept only for calibration have no features
 * ({@code x[i] == null}), their scores come from a pass over the row file.
 */
public final class FeatureTable {

    public final long[] ts;
    public final float[][] x;
    public final int[] slice;
    public final boolean[] loggedIn;
    public final boolean[] purchasing;
    public final float[] label;
    public final byte[] truth;
    public final int[] hourOfDay;
    public final int[] dayOfWeek;
    public final boolean[] highVelocity;

    /** A reviewer's verdict on the click's entities ({@link EntityVerdicts#ROBOT}, ...). */
    public final byte[] verdict;

    /** Whether the row's label is a verdict's strong label ({@link StrongLabels}). */
    public final boolean[] strong;

    /**
     * Distinct user keys on the click's IP in the last 24 h, kept for rows without features too:
     * what tells a busy shared address (carrier NAT, an office) from a household one.
     */
    public final float[] ipUsers24h;

    FeatureTable(int n) {
        ts = new long[n];
        x = new float[n][];
        slice = new int[n];
        loggedIn = new boolean[n];
        purchasing = new boolean[n];
        label = new float[n];
        truth = new byte[n];
        hourOfDay = new int[n];
        dayOfWeek = new int[n];
        highVelocity = new boolean[n];
        verdict = new byte[n];
        strong = new boolean[n];
        ipUsers24h = new float[n];
    }

    public int rows() {
        return ts.length;
    }

    /**
     * Builds the rows of clicks in {@code [from, to)}.
     *
     * @param clicks accepted clicks in any order (sorted here, stably, by event time)
     * @param truth robot truth by click id, or null
     * @param velocityK high velocity = user clicks in 1 h greater than this
     */
    public static FeatureTable build(
            List<Click> clicks,
            WeakLabels labels,
            Map<String, Boolean> truth,
            TimeEncoding time,
            int velocityK,
            long from,
            long to) {
        List<Click> sorted = new ArrayList<>(clicks);
        sorted.sort(Comparator.comparingLong(Click::ts));
        int n = 0;
        for (Click c : sorted) {
            if (c.ts() >= from && c.ts() < to) {
                n++;
            }
        }
        FeatureTable t = new FeatureTable(n);
        FeatureStages stages =
                new FeatureStages(labels, c -> truthOf(truth, c.clickId()), time, velocityK);
        int i = 0;
        for (Click c : sorted) {
            if (c.ts() >= to) {
                break;
            }
            RowFile.Row row = stages.add(c);
            if (c.ts() < from) {
                continue;
            }
            t.set(i++, row, true);
        }
        return t;
    }

    /** -1 when unknown, else 1 for a robot and 0 for a human. */
    static int truthOf(Map<String, Boolean> truth, String clickId) {
        Boolean robot = truth == null ? null : truth.get(clickId);
        return robot == null ? -1 : robot ? 1 : 0;
    }

    /** Sets row {@code i} from a row of the row file, its features copied when {@code withX}. */
    void set(int i, RowFile.Row row, boolean withX) {
        ts[i] = row.ts;
        x[i] = withX ? row.x.clone() : null;
        slice[i] = row.slice;
        loggedIn[i] = row.loggedIn();
        purchasing[i] = row.purchasing();
        label[i] = row.label();
        truth[i] = row.truth;
        hourOfDay[i] = row.hourOfDay;
        dayOfWeek[i] = row.dayOfWeek;
        highVelocity[i] = row.highVelocity();
        verdict[i] = row.verdict();
        ipUsers24h[i] = row.x[FeatureSchema.IP_DISTINCT_USERS_24H];
    }

    /** Row indices whose time falls in {@code part} of {@code split}. */
    public int[] rowsOf(TimeSplit split, TimeSplit.Part part) {
        int count = 0;
        for (long t : ts) {
            if (split.part(t) == part) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < ts.length; i++) {
            if (split.part(ts[i]) == part) {
                out[k++] = i;
            }
        }
        return out;
    }
}
