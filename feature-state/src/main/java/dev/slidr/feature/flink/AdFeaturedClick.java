package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdFeatures;
import dev.slidr.feature.UserFeatures;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A click with its per-user and per-ad features: what the ad stage hands to the IP stage.
 *
 * @param click the click as it came in
 * @param user the click's features from its user key's counters
 * @param ad the click's features from its ad's counters
 * @param readMicros when the live job read the click ({@link IngestedClick#readMicros()})
 */
@TypeInfo(AdFeaturedClick.TypeFactory.class)
public record AdFeaturedClick(Click click, UserFeatures user, AdFeatures ad, long readMicros) {

    /** Kryo-free type information: {@link AdFeaturedClickSerializer}. */
    public static final TypeInformation<AdFeaturedClick> TYPE_INFO =
            new SerializerTypeInfo<>(AdFeaturedClick.class, AdFeaturedClickSerializer::new);

    public AdFeaturedClick {
        Objects.requireNonNull(click, "click");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(ad, "ad");
    }

    /** Makes {@code TypeInformation.of(AdFeaturedClick.class)} return {@link #TYPE_INFO}. */
    public static final class TypeFactory
            extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<AdFeaturedClick> {
        @Override
        public TypeInformation<AdFeaturedClick> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE_INFO;
        }
    }
}
