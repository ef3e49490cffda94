package dev.slidr.job.ingress;

import dev.slidr.contract.Click;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.PrivacyConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the ingress stages after parsing: screening on raw identifiers, pseudonymization, then
 * dedupe by click id, each with a stable uid.
 *
 * <pre>{@code
 * IngressStages.Streams ingress = IngressStages.apply(parsedClicks, givtConfig, privacyConfig);
 * ingress.verdicts();   // one verdict per distinct click id, pseudonymized
 * ingress.duplicates(); // repeated click ids, reason DUPLICATE_CLICK
 * }</pre>
 */
public final class IngressStages {

    /** Uid of the screening and pseudonymization operator. */
    public static final String SCREEN_UID = "givt-screen-pseudonymize";

    /** Uid of the dedupe operator (keyed by click id; holds state). */
    public static final String DEDUPE_UID = "givt-dedupe-click-id";

    /** The streams the ingress stages produce. */
    public record Streams(DataStream<GivtVerdict> verdicts, DataStream<GivtVerdict> duplicates) {}

    private IngressStages() {}

    /** Adds the ingress stages to parsed clicks (with event-time timestamps and watermarks). */
    public static Streams apply(
            DataStream<Click> parsedClicks, GivtConfig givtConfig, PrivacyConfig privacyConfig) {
        TypeInformation<GivtVerdict> verdictType = TypeInformation.of(GivtVerdict.class);
        SingleOutputStreamOperator<GivtVerdict> screened =
                parsedClicks
                        .process(new IngressScreeningFunction(givtConfig, privacyConfig))
                        .returns(verdictType)
                        .uid(SCREEN_UID)
                        .name("GIVT screen + pseudonymize");
        SingleOutputStreamOperator<GivtVerdict> deduped =
                screened.keyBy(IngressStages::clickId)
                        .process(new DuplicateClickFunction(givtConfig))
                        .returns(verdictType)
                        .uid(DEDUPE_UID)
                        .name("GIVT dedupe click id");
        return new Streams(deduped, deduped.getSideOutput(DuplicateClickFunction.DUPLICATES));
    }

    /** The dedupe key. */
    static String clickId(GivtVerdict verdict) {
        return verdict.click().clickId();
    }
}
