package dev.slidr.job.ingress;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.feature.flink.SerializerTypeInfo;
import dev.slidr.rules.givt.GivtReason;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A click after the GIVT filter, with the reason it was invalidated, or {@code null} when no GIVT
 * check matched. Invalidated clicks skip scoring; the decision stage turns the reason into a GIVT
 * decision.
 *
 * <p>After ingress the click holds pseudonyms, never raw user ids, session ids or IPs.
 *
 * @param click the (pseudonymized) click
 * @param reason the first GIVT check that matched, or {@code null}
 * @param readMicros when the job read the click, epoch microseconds ({@link IngestedClick}), or
 *     {@link IngestedClick#NO_READ_TIME}
 */
@TypeInfo(GivtVerdict.TypeFactory.class)
public record GivtVerdict(Click click, GivtReason reason, long readMicros) {

    /** Kryo- and POJO-free type information: {@link GivtVerdictSerializer}. */
    public static final TypeInformation<GivtVerdict> TYPE_INFO =
            new SerializerTypeInfo<>(GivtVerdict.class, GivtVerdictSerializer::new);

    public GivtVerdict {
        Objects.requireNonNull(click, "click");
    }

    /** A verdict with no read time. */
    public GivtVerdict(Click click, GivtReason reason) {
        this(click, reason, IngestedClick.NO_READ_TIME);
    }

    /** A click no GIVT check matched. */
    public static GivtVerdict pass(Click click) {
        return new GivtVerdict(click, null);
    }

    /** A click invalidated for {@code reason}. */
    public static GivtVerdict invalid(Click click, GivtReason reason) {
        return new GivtVerdict(click, Objects.requireNonNull(reason, "reason"));
    }

    /** The click with its read time, as it goes on to features and scoring. */
    public IngestedClick ingested() {
        return new IngestedClick(click, readMicros);
    }

    /** Whether a GIVT check matched. */
    public boolean isGivt() {
        return reason != null;
    }

    /** The reason, when a GIVT check matched. */
    public Optional<GivtReason> givtReason() {
        return Optional.ofNullable(reason);
    }

    /** Makes {@code TypeInformation.of(GivtVerdict.class)} return {@link #TYPE_INFO}. */
    public static final class TypeFactory extends TypeInfoFactory<GivtVerdict> {
        @Override
        public TypeInformation<GivtVerdict> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE_INFO;
        }
    }
}
