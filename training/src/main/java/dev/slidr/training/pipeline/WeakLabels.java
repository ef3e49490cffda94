package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import java.time.Duration;
import java.util.Map;

/**
 * Weak labels: a click is human (label 0) when a purchase followed it within the attribution
 * window, or when its logged-in user is a customer whose combined RFM score is at or above the cut;
 * every other click is labelled non-human (label 1).
 *
 * <pre>{@code
 * WeakLabels labels = new WeakLabels(Duration.ofHours(24), 4.0, purchases, rfmScores);
 * float y = labels.label(click);
 * }</pre>
 */
public final class WeakLabels {

    /** Label of a click known or presumed to be human. */
    public static final float HUMAN = 0f;

    /** Label of every other click. */
    public static final float NON_HUMAN = 1f;

    private final long windowMillis;
    private final double rfmCut;
    private final Map<String, long[]> purchases;
    private final Map<String, Double> rfmScores;

    /**
     * @param window a purchase counts when {@code 0 <= purchase.ts - click.ts <= window}
     * @param rfmCut customers scoring at or above this are human
     * @param purchases purchase times by click id
     * @param rfmScores combined RFM score by customer (= user) id
     */
    public WeakLabels(
            Duration window,
            double rfmCut,
            Map<String, long[]> purchases,
            Map<String, Double> rfmScores) {
        this.windowMillis = window.toMillis();
        this.rfmCut = rfmCut;
        this.purchases = purchases;
        this.rfmScores = rfmScores;
    }

    /** Whether a purchase of this click came within the attribution window after it. */
    public boolean purchased(Click click) {
        long[] times = purchases.get(click.clickId());
        if (times == null) {
            return false;
        }
        for (long t : times) {
            long delay = t - click.ts();
            if (delay >= 0 && delay <= windowMillis) {
                return true;
            }
        }
        return false;
    }

    /** Whether the click's logged-in user is a customer at or above the RFM cut. */
    public boolean highRfmCustomer(Click click) {
        if (!click.loggedIn() || click.userId() == null) {
            return false;
        }
        Double score = rfmScores.get(click.userId());
        return score != null && score >= rfmCut;
    }

    /** {@link #HUMAN} or {@link #NON_HUMAN}. */
    public float label(Click click) {
        return purchased(click) || highRfmCustomer(click) ? HUMAN : NON_HUMAN;
    }
}
