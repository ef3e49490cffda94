package dev.slidr.cli;

import dev.slidr.contract.Click;
import dev.slidr.job.givt.ClientIp;
import dev.slidr.job.givt.GivtChecks;
import dev.slidr.job.givt.GivtConfig;
import dev.slidr.job.givt.GivtReason;
import java.util.function.Function;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The live job's stateless GIVT checks (declared robot, data-centre IP) as a screen for training
 * inputs ({@code TrainingInputs.screened}): a click they match is decided by GIVT in the live job,
 * never reaches its feature stages, and so is left out of training too. Repeated click ids, the
 * third GIVT check, are already dropped when the inputs are read.
 *
 * <pre>{@code
 * TrainingInputs inputs = TrainingInputs.read(...).screened(GivtScreen.of(jobConfiguration));
 * }</pre>
 */
public final class GivtScreen implements Function<Click, String> {

    private final GivtChecks checks;

    private GivtScreen(GivtChecks checks) {
        this.checks = checks;
    }

    /** The checks that the job configuration's {@code slidr.givt.*} settings enable. */
    public static GivtScreen of(ReadableConfig jobConfiguration) {
        return new GivtScreen(GivtChecks.create(GivtConfig.fromConfiguration(jobConfiguration)));
    }

    /** {@code givt_} and the reason code when a check matches, else null. */
    @Override
    public String apply(Click click) {
        GivtReason reason = checks.check(click, ClientIp.parse(click.ip()));
        return reason == null ? null : "givt_" + reason.code();
    }
}
