package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.UserFeatures;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A click with its per-user features: what the user stage hands to the IP stage.
 *
 * @param click the click as it came in
 * @param user the click's features from its user key's counters
 * @param readMicros when the live job read the click ({@link IngestedClick#readMicros()})
 */
@TypeInfo(UserFeaturedClick.TypeFactory.class)
public record UserFeaturedClick(Click click, UserFeatures user, long readMicros) {

    /** Kryo-free type information: {@link UserFeaturedClickSerializer}. */
    public static final TypeInformation<UserFeaturedClick> TYPE_INFO =
            new SerializerTypeInfo<>(UserFeaturedClick.class, UserFeaturedClickSerializer::new);

    public UserFeaturedClick {
        Objects.requireNonNull(click, "click");
        Objects.requireNonNull(user, "user");
    }

    /** A record with no read time ({@link IngestedClick#NO_READ_TIME}). */
    public UserFeaturedClick(Click click, UserFeatures user) {
        this(click, user, IngestedClick.NO_READ_TIME);
    }

    /** Makes {@code TypeInformation.of(UserFeaturedClick.class)} return {@link #TYPE_INFO}. */
    public static final class TypeFactory
            extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<UserFeaturedClick> {
        @Override
        public TypeInformation<UserFeaturedClick> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE_INFO;
        }
    }
}
