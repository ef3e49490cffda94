package dev.slidr.job.monitor;

import dev.slidr.feature.flink.SerializerTypeInfo;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What one decision or one conversion changes in the monitor's counts of a slice and model version,
 * and the event time it counts at: its click's {@code event_ts} plus the attribution window, so
 * that the windows group clicks by their event time, shifted by that window ({@link
 * LabelTimeWindows}).
 *
 * <p>A decision adds a click (and an invalid one when it invalidated); a conversion that labels a
 * waiting decision adds a converting click (and a converting invalid one). A revision that replaces
 * a waiting decision takes the first one's counts back (-1). {@link LabelCountCombiner} sums the
 * counts of one window before they cross the network.
 *
 * @param slice the decision's slice
 * @param modelVersion the model that decided it ({@link ConversionJoin#NO_MODEL} for GIVT)
 * @param labelTs the click's event time plus the attribution window (epoch millis)
 * @param clicks decisions added (negative: taken back)
 * @param invalid invalidating decisions added
 * @param converting converting clicks added
 * @param convertingInvalid converting invalidated clicks added
 */
public record LabelCount(
        String slice,
        String modelVersion,
        long labelTs,
        int clicks,
        int invalid,
        int converting,
        int convertingInvalid) {

    /** Type information between the join and the windows. */
    public static final TypeInformation<LabelCount> TYPE_INFO =
            new SerializerTypeInfo<>(LabelCount.class, LabelCountSerializer::new);

    public LabelCount {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** These counts plus {@code o}'s, at this label time. */
    LabelCount plus(LabelCount o) {
        return new LabelCount(
                slice,
                modelVersion,
                labelTs,
                clicks + o.clicks,
                invalid + o.invalid,
                converting + o.converting,
                convertingInvalid + o.convertingInvalid);
    }

    /**
     * A decision's click, added ({@code sign} 1) or taken back (-1), with its conversion if any.
     */
    static LabelCount of(LabelledDecision d, long labelTs, int sign) {
        int invalid = d.invalid() ? sign : 0;
        int converting = d.converted() ? sign : 0;
        return new LabelCount(
                d.slice(),
                d.modelVersion(),
                labelTs,
                sign,
                invalid,
                converting,
                d.invalid() ? converting : 0);
    }

    /** A waiting decision's click found converting. */
    static LabelCount conversionOf(LabelledDecision d, long labelTs) {
        return new LabelCount(d.slice(), d.modelVersion(), labelTs, 0, 0, 1, d.invalid() ? 1 : 0);
    }
}
