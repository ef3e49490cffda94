package dev.slidr.job.monitor;

import dev.slidr.feature.flink.SerializerTypeInfo;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A decision with its weak label: whether its click converted within the attribution window. A
 * converting click is taken to be human, so an invalidated converting click is a likely false
 * positive.
 *
 * @param clickId the click
 * @param slice the decision's slice
 * @param modelVersion the model that decided it
 * @param invalid whether the decision invalidated the click
 * @param converted whether a conversion of the click arrived within the attribution window
 * @param eventTs the click's event time (epoch millis)
 */
public record LabelledDecision(
        String clickId,
        String slice,
        String modelVersion,
        boolean invalid,
        boolean converted,
        long eventTs) {

    /** Type information of labelled decisions between operators. */
    public static final TypeInformation<LabelledDecision> TYPE_INFO =
            new SerializerTypeInfo<>(LabelledDecision.class, LabelledDecisionSerializer::new);

    public LabelledDecision {
        Objects.requireNonNull(clickId, "clickId");
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
