package dev.slidr.rules.ingress;

import dev.slidr.contract.Click;
import dev.slidr.rules.givt.ClientIp;
import dev.slidr.rules.givt.GivtChecks;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.privacy.PrivacyConfig;
import dev.slidr.rules.privacy.Pseudonymizer;
import inet.ipaddr.IPAddress;

/**
 * The stateless ingress rules on one click, in the live job's order: the GIVT checks that need raw
 * identifiers (declared robot, data-centre IP), then pseudonymization, so nothing after it sees a
 * raw user id, session id or IP.
 *
 * <pre>{@code
 * IngressScreen screen = IngressScreen.create(givtConfig, privacyConfig);
 * IngressScreen.Screened s = screen.screen(click);
 * s.click();  // pseudonymized
 * s.reason(); // the first GIVT check that matched, or null
 * }</pre>
 *
 * <p>Building one is heavy (the YAUAA analyzer, the data-centre tries, the HMAC): build it once per
 * worker and reuse it. Not thread-safe.
 */
public final class IngressScreen {

    /**
     * One screened click.
     *
     * @param click the pseudonymized click
     * @param reason the first GIVT check that matched, or {@code null}
     * @param unparsableIp whether the click's IP did not parse (the contract parser rejects such
     *     clicks, so this should never be true)
     */
    public record Screened(Click click, GivtReason reason, boolean unparsableIp) {}

    private final GivtChecks checks;
    private final Pseudonymizer pseudonymizer;

    private IngressScreen(GivtChecks checks, Pseudonymizer pseudonymizer) {
        this.checks = checks;
        this.pseudonymizer = pseudonymizer;
    }

    /** The checks {@code givtConfig} enables and the pseudonymizer of {@code privacyConfig}. */
    public static IngressScreen create(GivtConfig givtConfig, PrivacyConfig privacyConfig) {
        return new IngressScreen(GivtChecks.create(givtConfig), privacyConfig.newPseudonymizer());
    }

    /** Checks the raw click, then pseudonymizes it. */
    public Screened screen(Click click) {
        IPAddress ip = ClientIp.parse(click.ip());
        GivtReason reason = checks.check(click, ip);
        return new Screened(pseudonymizer.pseudonymize(click, ip), reason, ip == null);
    }
}
