package dev.slidr.cli;

import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.SigningKeys;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which bundle signatures a command accepts; a picocli mixin for every command that loads one. */
final class TrustOptions {

    @Option(
            names = "--trusted-keys",
            paramLabel = "PATH",
            split = ",",
            description =
                    "Trusted Ed25519 public keys: .pub files (X.509 PEM) or directories of them;"
                            + " repeatable. Default: $SLIDR_TRUSTED_KEYS.")
    List<Path> trustedKeys;

    @Option(
            names = "--allow-unsigned",
            description =
                    "Accept bundles without a signature (a signed bundle must still verify under"
                            + " a trusted key).")
    boolean allowUnsigned;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** The trust the options give; a missing or malformed key file is a usage error (exit 2). */
    BundleTrust trust() {
        BundleTrust trust;
        if (trustedKeys == null || trustedKeys.isEmpty()) {
            trust = BundleTrust.fromEnvironment();
        } else {
            try {
                trust = BundleTrust.fromFiles(trustedKeys);
            } catch (SigningKeys.InvalidKeyException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--trusted-keys: " + e.getMessage());
            }
        }
        return trust.allowingUnsigned(allowUnsigned);
    }
}
