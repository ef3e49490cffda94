package dev.slidr.job.monitor;

import dev.slidr.feature.flink.SerializerTypeInfo;
import java.util.Objects;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The weak-label figures of one slice and model version over one event-time window.
 *
 * @param slice the slice
 * @param modelVersion the model ({@link ConversionJoin#NO_MODEL} for GIVT decisions)
 * @param windowEnd the window's end (epoch millis, exclusive); 0 while it is being counted
 * @param clicks decisions whose label time (event time plus attribution window) is in the window
 * @param invalid of those, invalidated
 * @param converting of those, converting
 * @param convertingInvalid of the converting ones, invalidated: likely false positives
 */
public record MonitorWindow(
        String slice,
        String modelVersion,
        long windowEnd,
        long clicks,
        long invalid,
        long converting,
        long convertingInvalid) {

    /** Type information between operators. */
    public static final TypeInformation<MonitorWindow> TYPE_INFO =
            new SerializerTypeInfo<>(MonitorWindow.class, MonitorWindowSerializer::new);

    public MonitorWindow {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** Weak-label FPR: invalidated converting clicks of all converting clicks; NaN without any. */
    public double fpr() {
        return converting == 0 ? Double.NaN : (double) convertingInvalid / converting;
    }

    /** Invalid of all clicks; NaN without clicks. */
    public double ivr() {
        return clicks == 0 ? Double.NaN : (double) invalid / clicks;
    }

    /** The share of clicks that carry a label (converted); NaN without clicks. */
    public double coverage() {
        return clicks == 0 ? Double.NaN : (double) converting / clicks;
    }

    MonitorWindow add(LabelCount c) {
        return new MonitorWindow(
                c.slice(),
                c.modelVersion(),
                windowEnd,
                clicks + c.clicks(),
                invalid + c.invalid(),
                converting + c.converting(),
                convertingInvalid + c.convertingInvalid());
    }

    MonitorWindow plus(MonitorWindow o) {
        return new MonitorWindow(
                slice.isEmpty() ? o.slice : slice,
                modelVersion.isEmpty() ? o.modelVersion : modelVersion,
                windowEnd,
                clicks + o.clicks,
                invalid + o.invalid,
                converting + o.converting,
                convertingInvalid + o.convertingInvalid);
    }

    MonitorWindow endingAt(long end) {
        return new MonitorWindow(
                slice, modelVersion, end, clicks, invalid, converting, convertingInvalid);
    }

    /** Sums the join's counts of a window. */
    static final class Counting
            implements AggregateFunction<LabelCount, MonitorWindow, MonitorWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public MonitorWindow createAccumulator() {
            return new MonitorWindow("", "", 0, 0, 0, 0, 0);
        }

        @Override
        public MonitorWindow add(LabelCount value, MonitorWindow acc) {
            return acc.add(value);
        }

        @Override
        public MonitorWindow getResult(MonitorWindow acc) {
            return acc;
        }

        @Override
        public MonitorWindow merge(MonitorWindow a, MonitorWindow b) {
            return a.plus(b);
        }
    }
}
