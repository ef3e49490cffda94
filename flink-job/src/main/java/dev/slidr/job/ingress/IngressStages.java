package dev.slidr.job.ingress;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.feature.flink.Keying;
import dev.slidr.feature.flink.UserFeatureFunction;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.PrivacyConfig;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the ingress stages after parsing: screening on raw identifiers, pseudonymization, then
 * dedupe of click ids per user key, each with a stable uid. The dedupe stage is keyed like the user
 * feature stage ({@link dev.slidr.feature.flink.UserFeatureFunction#keyOf}), so the job can chain
 * the user stage behind it without a second shuffle ({@link #userKeyed}).
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

    /**
     * Uid of the dedupe operator (keyed by user key; holds state). Up to 0.1.0 the dedupe operator
     * was keyed by click id under the uid {@code givt-dedupe-click-id}; its state does not restore
     * here (docs/operations.md, "Upgrading to the per-user dedupe state").
     */
    public static final String DEDUPE_UID = "givt-dedupe-user";

    /**
     * Width of the grid the dedupe cleanup timers are rounded up to: at most one timer per user and
     * hour, and an id is forgotten at most an hour after its window ended.
     */
    public static final Duration DEDUPE_TIMER_GRID = Duration.ofHours(1);

    /** The streams the ingress stages produce. */
    public record Streams(DataStream<GivtVerdict> verdicts, DataStream<GivtVerdict> duplicates) {}

    private IngressStages() {}

    /** Adds the ingress stages to parsed clicks (with event-time timestamps and watermarks). */
    public static Streams apply(
            DataStream<Click> parsedClicks, GivtConfig givtConfig, PrivacyConfig privacyConfig) {
        return apply(parsedClicks, givtConfig, privacyConfig, Keying.SHUFFLE);
    }

    /**
     * As {@link #apply(DataStream, GivtConfig, PrivacyConfig)}, the dedupe stage keyed by {@code
     * keying}.
     */
    public static Streams apply(
            DataStream<Click> parsedClicks,
            GivtConfig givtConfig,
            PrivacyConfig privacyConfig,
            Keying keying) {
        TypeInformation<GivtVerdict> verdictType = TypeInformation.of(GivtVerdict.class);
        SingleOutputStreamOperator<GivtVerdict> screened =
                parsedClicks
                        .process(new IngressScreeningFunction(givtConfig, privacyConfig))
                        .returns(verdictType)
                        .uid(SCREEN_UID)
                        .name("GIVT screen + pseudonymize");
        SingleOutputStreamOperator<GivtVerdict> deduped =
                keying.key(screened, IngressStages::userKey)
                        .process(new DuplicateClickFunction(givtConfig, DEDUPE_TIMER_GRID))
                        .returns(verdictType)
                        .uid(DEDUPE_UID)
                        .name("GIVT dedupe click ids per user");
        if (keying == Keying.IN_PLACE) {
            // Keyed in place, every stage would chain into the source's task: one thread for the
            // whole job. The stateless ingress (parse, screening, pseudonyms) keeps the source's
            // thread and the keyed stages get their own, so two cores work; a week's file replay
            // went from 17,231 to 27,538 clicks/s on 2 cores (docs/benchmarks.md, "Replay").
            deduped.startNewChain();
        }
        return new Streams(deduped, deduped.getSideOutput(DuplicateClickFunction.DUPLICATES));
    }

    /** The dedupe key: the user key, as the user feature stage keys its clicks. */
    static String userKey(GivtVerdict verdict) {
        return verdict.click().userKey();
    }

    /**
     * Clicks that left the dedupe stage on a forward (chained) path, as the keyed stream they still
     * are: partitioned by the user key. Only valid for streams that did not pass a shuffle or a
     * parallelism change since the dedupe stage.
     */
    public static KeyedStream<IngestedClick, String> userKeyed(DataStream<IngestedClick> clicks) {
        return DataStreamUtils.reinterpretAsKeyedStream(
                clicks, UserFeatureFunction::keyOf, Types.STRING);
    }
}
