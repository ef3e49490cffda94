package dev.slidr.job.guard;

import dev.slidr.job.monitor.MonitorWindow;
import java.util.Locale;
import java.util.Optional;

/**
 * The rollback guard's two rules for one slice, as plain arithmetic over the monitor's counts: the
 * active model's IVR against the previous model's (ratio x the IVR, or the valid share 1 - IVR cut
 * by the ratio), and its weak-label FPR against the budget.
 */
public final class GuardRules {

    /** Monitor counts of one slice and model, added up over some windows. */
    public record Counts(long clicks, long invalid, long converting, long convertingInvalid) {

        /** No windows. */
        public static final Counts NONE = new Counts(0, 0, 0, 0);

        /** These counts and one more window's. */
        public Counts plus(MonitorWindow w) {
            return new Counts(
                    clicks + w.clicks(),
                    invalid + w.invalid(),
                    converting + w.converting(),
                    convertingInvalid + w.convertingInvalid());
        }

        /** Invalid of all decisions; NaN without any. */
        public double ivr() {
            return clicks == 0 ? Double.NaN : (double) invalid / clicks;
        }

        /** Invalidated converting clicks of all converting clicks; NaN without any. */
        public double fpr() {
            return converting == 0 ? Double.NaN : (double) convertingInvalid / converting;
        }
    }

    private GuardRules() {}

    /**
     * Why {@code active} should be rolled back in {@code slice}, or empty when neither rule fires
     * or there is too little evidence.
     *
     * @param now the active model's counts in the slice since its activation
     * @param before the previous model's counts in the slice before the activation
     */
    public static Optional<String> judge(
            GuardConfig config,
            String slice,
            String active,
            Counts now,
            String previous,
            Counts before) {
        if (now.clicks() >= config.minClicks() && before.clicks() >= config.minClicks()) {
            double ivr = now.ivr();
            double was = before.ivr();
            if (ivr > config.ivrRatio() * was && ivr - was >= config.ivrMinIncrease()) {
                return Optional.of(
                        String.format(
                                Locale.ROOT,
                                "slice %s: IVR %.3f of model %s over %d clicks is above %s x %.3f,"
                                        + " the IVR of model %s before it",
                                slice,
                                ivr,
                                active,
                                now.clicks(),
                                number(config.ivrRatio()),
                                was,
                                previous));
            }
            // where the previous IVR is high (a bot-heavy slice), no IVR can be ratio x it: a
            // model that cuts the valid share by the same ratio is as wrong
            double valid = 1 - ivr;
            double wasValid = 1 - was;
            if (valid < wasValid / config.ivrRatio() && ivr - was >= config.ivrMinIncrease()) {
                return Optional.of(
                        String.format(
                                Locale.ROOT,
                                "slice %s: valid share %.3f of model %s over %d clicks is below"
                                        + " 1/%s of %.3f, the valid share of model %s before it",
                                slice,
                                valid,
                                active,
                                now.clicks(),
                                number(config.ivrRatio()),
                                wasValid,
                                previous));
            }
        }
        if (now.converting() >= config.minLabelled()) {
            double fpr = now.fpr();
            if (fpr > config.fprFactor() * config.fprBudget()) {
                return Optional.of(
                        String.format(
                                Locale.ROOT,
                                "slice %s: weak-label FPR %.3f of model %s over %d converting"
                                        + " clicks is above %s x the budget %s",
                                slice,
                                fpr,
                                active,
                                now.converting(),
                                number(config.fprFactor()),
                                number(config.fprBudget())));
            }
        }
        return Optional.empty();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
