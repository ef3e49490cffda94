package dev.slidr.inference.flink;

import dev.slidr.feature.flink.SerializerTypeInfo;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One click as the shadow model scored it, beside the decision the active model made for it. It
 * leaves the scoring operator on a side output ({@link SwitchingScoringOperator#SHADOW}) that feeds
 * metrics only: nothing here reaches the decisions topic or billing.
 *
 * @param slice the slice of the active model's decision
 * @param shadowVersion the shadow model's version
 * @param activeVersion the version of the model whose decision was emitted
 * @param activeInvalid whether the emitted decision invalidated the click
 * @param shadowInvalid whether the shadow model would have invalidated it
 * @param shadowScore the shadow model's score, NaN when it did not score the click
 * @param eventTs the click's event time (epoch millis)
 */
public record ShadowScore(
        String slice,
        String shadowVersion,
        String activeVersion,
        boolean activeInvalid,
        boolean shadowInvalid,
        double shadowScore,
        long eventTs) {

    /** Type information of shadow scores between operators. */
    public static final TypeInformation<ShadowScore> TYPE_INFO =
            new SerializerTypeInfo<>(ShadowScore.class, ShadowScoreSerializer::new);

    public ShadowScore {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(shadowVersion, "shadowVersion");
        Objects.requireNonNull(activeVersion, "activeVersion");
    }

    /** Whether the shadow and the active model decided the click differently. */
    public boolean disagrees() {
        return activeInvalid != shadowInvalid;
    }
}
