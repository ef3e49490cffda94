package dev.slidr.replay.features;

import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.rules.givt.ClientIp;
import dev.slidr.rules.givt.GivtChecks;
import dev.slidr.rules.givt.GivtConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The live job's stateless GIVT checks on raw clicks ({@link GivtChecks}, as its ingress screen
 * runs them), without the pseudonymization that follows them live: training rows are joined with
 * labels by raw user id, and the single-machine pass counts raw identifiers. With no settings
 * (null) no check runs, as {@code train} without a screen.
 */
final class TrainingScreenFunction extends ProcessFunction<IngestedClick, GivtVerdict> {

    private static final long serialVersionUID = 1L;

    private final GivtConfig givt;
    private transient GivtChecks checks;

    TrainingScreenFunction(GivtConfig givt) {
        this.givt = givt;
    }

    @Override
    public void open(OpenContext openContext) {
        checks = givt == null ? null : GivtChecks.create(givt);
    }

    @Override
    public void processElement(IngestedClick in, Context ctx, Collector<GivtVerdict> out) {
        out.collect(
                new GivtVerdict(
                        in.click(),
                        checks == null
                                ? null
                                : checks.check(in.click(), ClientIp.parse(in.click().ip())),
                        in.readMicros()));
    }
}
