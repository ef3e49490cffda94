package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {

    @Test
    void v1HasTwentyFourUniquelyNamedFeatures() {
        assertThat(FeatureSchema.V1.version()).isEqualTo("v1");
        assertThat(FeatureSchema.V1.size()).isEqualTo(24);
        assertThat(FeatureSchema.V1.names()).doesNotHaveDuplicates();
        assertThat(FeatureSchema.forVersion("v1")).isSameAs(FeatureSchema.V1);
    }

    @Test
    void v2IsV1AndFourAdCountsAndIsTheCurrentVersion() {
        assertThat(FeatureSchema.V2.version()).isEqualTo("v2");
        assertThat(FeatureSchema.V2.size()).isEqualTo(28);
        assertThat(FeatureSchema.V2.names().subList(0, 24))
                .containsExactlyElementsOf(FeatureSchema.V1.names());
        assertThat(FeatureSchema.V2.names().subList(24, 28))
                .containsExactly(
                        "ad_clicks_1h",
                        "ad_clicks_24h",
                        "ad_anonymous_clicks_1h",
                        "ad_anonymous_clicks_24h");
        assertThat(FeatureSchema.CURRENT).isSameAs(FeatureSchema.V2);
        assertThat(FeatureSchema.forVersion("v2")).isSameAs(FeatureSchema.V2);
        assertThat(FeatureSchema.requireCurrent("v2")).isSameAs(FeatureSchema.V2);
    }

    @Test
    void anEarlierVersionIsKnownButRefusedAsNotCurrent() {
        assertThatThrownBy(() -> FeatureSchema.requireCurrent("v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature schema v1 is not the one this build computes (v2)")
                .hasMessageContaining("retrain");
        assertThatThrownBy(() -> FeatureSchema.requireCurrent("v7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature schema version 'v7'");
    }

    @Test
    void everyIndexConstantPointsAtTheFeatureOfItsName() throws IllegalAccessException {
        int constants = 0;
        for (Field field : FeatureSchema.class.getFields()) {
            if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())) {
                int index = field.getInt(null);
                String name = FeatureSchema.CURRENT.names().get(index);
                String constant = field.getName().toLowerCase(Locale.ROOT);
                // user_velocity_1m_vs_24h is the one name longer than its constant
                assertThat(name).as(field.getName()).startsWith(constant);
                assertThat(FeatureSchema.CURRENT.indexOf(name)).isEqualTo(index);
                constants++;
            }
        }
        assertThat(constants).isEqualTo(FeatureSchema.CURRENT.size());
    }

    @Test
    void unknownNamesAndVersionsAreRejected() {
        assertThatThrownBy(() -> FeatureSchema.V1.indexOf("user_clicks_7d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user_clicks_7d");
        assertThatThrownBy(() -> FeatureSchema.forVersion("v9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v9");
    }
}
