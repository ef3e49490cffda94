package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.rules.slice.Slices;
import dev.slidr.training.rows.ClickIdHash;
import dev.slidr.training.rows.RowFile;
import java.util.function.ToIntFunction;

/**
 * The join of a click's feature vector with everything else its training row holds: time, click id
 * hash, slice, weak label and purchase flags, high velocity, a reviewer's verdict, ground truth and
 * the local hour and weekday. One join for every feature pass, so their rows cannot differ but by
 * their features.
 */
public final class RowLabels {

    private final WeakLabels labels;
    private final ToIntFunction<Click> truth;
    private final TimeEncoding time;
    private final int velocityK;
    private final EntityVerdicts verdicts;

    /**
     * @param truth the truth byte of a click ({@link TruthKinds}): -1 unknown, else robot flag and
     *     kind
     * @param velocityK high velocity = user clicks in 1 h greater than this
     */
    RowLabels(WeakLabels labels, ToIntFunction<Click> truth, TimeEncoding time, int velocityK) {
        this(labels, truth, time, velocityK, null);
    }

    /**
     * @param verdicts a reviewer's verdicts on entities, or null
     */
    RowLabels(
            WeakLabels labels,
            ToIntFunction<Click> truth,
            TimeEncoding time,
            int velocityK,
            EntityVerdicts verdicts) {
        this.labels = labels;
        this.truth = truth;
        this.time = time;
        this.velocityK = velocityK;
        this.verdicts = verdicts;
    }

    /** The same join, with the verdict of each click's judged entities in its flags. */
    RowLabels withVerdicts(EntityVerdicts judged) {
        return new RowLabels(labels, truth, time, velocityK, judged);
    }

    /** The time encoding of the local hour and weekday (the features' own). */
    TimeEncoding time() {
        return time;
    }

    /** Fills every field of {@code row} but its features, which it must already hold. */
    public RowFile.Row fill(RowFile.Row row, Click c) {
        row.ts = c.ts();
        row.idHash = ClickIdHash.of(c.clickId());
        row.slice = Slices.id(c.device(), c.loggedIn());
        row.flags =
                (c.loggedIn() ? RowFile.LOGGED_IN : 0)
                        | (labels.purchased(c) ? RowFile.PURCHASING : 0)
                        | (labels.label(c) == WeakLabels.NON_HUMAN ? RowFile.NON_HUMAN : 0)
                        | (row.x[FeatureSchema.USER_CLICKS_1H] > velocityK
                                ? RowFile.HIGH_VELOCITY
                                : 0)
                        | verdictFlag(c);
        row.truth = (byte) truth.applyAsInt(c);
        row.hourOfDay = time.hourOfDay(c.ts());
        row.dayOfWeek = time.dayOfWeek(c.ts());
        return row;
    }

    private int verdictFlag(Click c) {
        if (verdicts == null) {
            return 0;
        }
        return switch (verdicts.verdict(c)) {
            case EntityVerdicts.ROBOT -> RowFile.VERDICT_ROBOT;
            case EntityVerdicts.HUMAN -> RowFile.VERDICT_HUMAN;
            default -> 0;
        };
    }
}
