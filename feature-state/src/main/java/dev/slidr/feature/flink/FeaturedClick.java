package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.FeatureSchema;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A click with its full feature vector: what the feature stages hand to scoring, in the live job,
 * in training and in replay.
 *
 * @param click the click as it came in
 * @param featureVersion the {@link FeatureSchema} version of {@code features} ({@code "v1"})
 * @param features the raw feature vector in schema order; treat as read-only
 * @param late whether the click was older than its user's or IP's retention horizon, so its
 *     counters did not include it (its counts are then lower bounds)
 * @param readMicros when the live job read the click ({@link IngestedClick#readMicros()})
 */
@TypeInfo(FeaturedClick.TypeFactory.class)
public record FeaturedClick(
        Click click, String featureVersion, float[] features, boolean late, long readMicros) {

    /** Kryo-free type information: {@link FeaturedClickSerializer}. */
    public static final TypeInformation<FeaturedClick> TYPE_INFO =
            new SerializerTypeInfo<>(FeaturedClick.class, FeaturedClickSerializer::new);

    public FeaturedClick {
        Objects.requireNonNull(click, "click");
        Objects.requireNonNull(featureVersion, "featureVersion");
        Objects.requireNonNull(features, "features");
        int expected = FeatureSchema.forVersion(featureVersion).size();
        if (features.length != expected) {
            throw new IllegalArgumentException(
                    "feature schema "
                            + featureVersion
                            + " has "
                            + expected
                            + " features, vector has "
                            + features.length);
        }
    }

    /** A record with no read time ({@link IngestedClick#NO_READ_TIME}). */
    public FeaturedClick(Click click, String featureVersion, float[] features, boolean late) {
        this(click, featureVersion, features, late, IngestedClick.NO_READ_TIME);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeaturedClick that
                && click.equals(that.click)
                && featureVersion.equals(that.featureVersion)
                && Arrays.equals(features, that.features)
                && late == that.late
                && readMicros == that.readMicros;
    }

    @Override
    public int hashCode() {
        return Objects.hash(click, featureVersion, Arrays.hashCode(features), late, readMicros);
    }

    @Override
    public String toString() {
        return "FeaturedClick[click="
                + click.clickId()
                + ", featureVersion="
                + featureVersion
                + ", features="
                + Arrays.toString(features)
                + ", late="
                + late
                + ", readMicros="
                + readMicros
                + "]";
    }

    /** Makes {@code TypeInformation.of(FeaturedClick.class)} return {@link #TYPE_INFO}. */
    public static final class TypeFactory
            extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<FeaturedClick> {
        @Override
        public TypeInformation<FeaturedClick> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE_INFO;
        }
    }
}
