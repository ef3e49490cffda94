package dev.slidr.job.ingress;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.ingress.IngressScreen;
import dev.slidr.rules.privacy.PrivacyConfig;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stateless ingress stage: runs the GIVT checks that need raw identifiers (declared robot,
 * data-centre IP) on the parsed click, then pseudonymizes it, so nothing downstream sees a raw user
 * id, session id or IP.
 *
 * <p>The rules themselves are {@link IngressScreen}'s; this function counts what they find. {@link
 * #open(OpenContext)} builds the heavy parts once per instance: the YAUAA analyzer (shared per
 * JVM), the data-centre tries and the HMAC. Every click yields exactly one {@link GivtVerdict},
 * stamped with the time the job read the click ({@link IngestedClick#nowMicros()}).
 */
public final class IngressScreeningFunction extends ProcessFunction<Click, GivtVerdict> {

    private static final long serialVersionUID = 1L;

    private final GivtConfig givtConfig;
    private final PrivacyConfig privacyConfig;

    private transient IngressScreen screen;
    private transient Map<GivtReason, Counter> invalidated;
    private transient Counter unparsableIps;

    public IngressScreeningFunction(GivtConfig givtConfig, PrivacyConfig privacyConfig) {
        this.givtConfig = givtConfig;
        this.privacyConfig = privacyConfig;
    }

    @Override
    public void open(OpenContext openContext) {
        screen = IngressScreen.create(givtConfig, privacyConfig);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("givt");
        invalidated = new EnumMap<>(GivtReason.class);
        for (GivtReason reason : GivtReason.values()) {
            invalidated.put(reason, metrics.counter(reason.code()));
        }
        // the contract parser rejects unparsable IPs; a count above zero means it let one through
        unparsableIps = metrics.counter("unparsable_ip");
    }

    @Override
    public void processElement(Click click, Context ctx, Collector<GivtVerdict> out) {
        // The read time of the click for the processing-latency metric. This operator is chained
        // to the Kafka source and the parse stage (forward edges, same parallelism), so this is
        // the moment the job read the record, plus the few microseconds of parsing.
        long readMicros = IngestedClick.nowMicros();
        IngressScreen.Screened screened = screen.screen(click);
        if (screened.unparsableIp()) {
            unparsableIps.inc();
        }
        if (screened.reason() != null) {
            invalidated.get(screened.reason()).inc();
        }
        out.collect(new GivtVerdict(screened.click(), screened.reason(), readMicros));
    }
}
