package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision record's own rules: consistent verdict, exact and immutable feature vector. */
class DecisionTest {

    private static Decision decision(boolean invalid, Decision.Stage stage, float[] features) {
        return new Decision(
                "c-1",
                1L,
                2L,
                invalid,
                stage,
                List.of("r"),
                0.9,
                0.8,
                "mobile/logged_in",
                "m1",
                "c1",
                "v1",
                features,
                0,
                null);
    }

    @Test
    void invalidFlagMustAgreeWithTheStage() {
        assertThatThrownBy(() -> decision(false, Decision.Stage.SIVT, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid must be true exactly when stage is not NONE");
        assertThatThrownBy(() -> decision(true, Decision.Stage.NONE, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(decision(false, Decision.Stage.NONE, new float[] {1}).invalid()).isFalse();
    }

    @Test
    void givtDecisionsAreInvalidAndUnscored() {
        Decision givt = Decision.givt("c-2", 10L, 11L, List.of("declared_bot"), "app/anonymous");
        assertThat(givt.invalid()).isTrue();
        assertThat(givt.stage()).isEqualTo(Decision.Stage.GIVT);
        assertThat(givt.scored()).isFalse();
        assertThat(givt.featureCount()).isZero();
        assertThat(givt.modelVersion()).isNull();
        assertThat(givt.revision()).isZero();
    }

    @Test
    void featureVectorIsCopiedInAndOut() {
        float[] features = {1f, 2f};
        Decision d = decision(true, Decision.Stage.SIVT, features);
        features[0] = 99f;
        assertThat(d.feature(0)).isEqualTo(1f);
        d.features()[1] = 99f;
        assertThat(d.feature(1)).isEqualTo(2f);
    }

    @Test
    void equalityComparesTheFeatureValues() {
        Decision a = decision(true, Decision.Stage.SIVT, new float[] {1f, 2f});
        Decision b = decision(true, Decision.Stage.SIVT, new float[] {1f, 2f});
        Decision c = decision(true, Decision.Stage.SIVT, new float[] {1f, 3f});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toString()).contains("[1.0, 2.0]");
    }

    @Test
    void refusesNonFiniteFeaturesAndNegativeRevisions() {
        assertThatThrownBy(() -> decision(true, Decision.Stage.SIVT, new float[] {Float.NaN}))
                .hasMessageContaining("features[0] must be finite");
        Decision d = decision(true, Decision.Stage.SIVT, new float[] {1f});
        assertThatThrownBy(() -> d.withRevision(-1, null))
                .hasMessageContaining("revision must be >= 0");
        Decision correction = d.withRevision(2, "replay-7");
        assertThat(correction.revision()).isEqualTo(2);
        assertThat(correction.replayId()).isEqualTo("replay-7");
        assertThat(correction.clickId()).isEqualTo(d.clickId());
    }
}
