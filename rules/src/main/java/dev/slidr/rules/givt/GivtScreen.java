package dev.slidr.rules.givt;

import dev.slidr.contract.Click;
import java.util.function.Function;

/**
 * The live job's stateless GIVT checks (declared robot, data-centre IP) as a screen for training
 * inputs ({@code TrainingInputs.screened}): a click they match is decided by GIVT in the live job,
 * never reaches its feature stages, and so is left out of training too. Repeated click ids, the
 * third GIVT check, are already dropped when the inputs are read.
 *
 * <pre>{@code
 * TrainingInputs inputs =
 *         TrainingInputs.read(...).screened(GivtScreen.of(GivtConfig.fromConfiguration(conf)));
 * }</pre>
 */
public final class GivtScreen implements Function<Click, String> {

    private final GivtChecks checks;

    private GivtScreen(GivtChecks checks) {
        this.checks = checks;
    }

    /** The checks that {@code config} enables, as the live job builds them. */
    public static GivtScreen of(GivtConfig config) {
        return new GivtScreen(GivtChecks.create(config));
    }

    /** {@code givt_} and the reason code when a check matches, else null. */
    @Override
    public String apply(Click click) {
        GivtReason reason = checks.check(click, ClientIp.parse(click.ip()));
        return reason == null ? null : "givt_" + reason.code();
    }
}
