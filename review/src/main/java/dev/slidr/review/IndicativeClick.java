package dev.slidr.review;

import java.util.List;

/** One of an entity's most indicative clicks: its decision and the features that stand out. */
public record IndicativeClick(
        String clickId,
        long eventTs,
        double score,
        double threshold,
        String slice,
        String stage,
        List<String> reasons,
        List<FeatureValue> features) {

    public IndicativeClick {
        reasons = List.copyOf(reasons);
        features = List.copyOf(features);
    }
}
