package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written IPv4 fast path agrees with the ipaddress library on every input it takes. */
class IpFastPathTest {

    @Property(tries = 2000)
    void fastPathAcceptsOnlyWhatTheLibraryReturnsUnchanged(@ForAll("ipLike") String text) {
        String library;
        try {
            library = FieldRules.ipViaLibrary("ip", text);
        } catch (ContractViolation e) {
            library = null;
        }
        if (FieldRules.isCanonicalIpv4(text)) {
            assertThat(library).isEqualTo(text);
        } else if (library != null && library.equals(text) && !text.contains(":")) {
            throw new AssertionError("fast path missed canonical IPv4 " + text);
        }
    }

    @Provide
    Arbitrary<String> ipLike() {
        Arbitrary<String> octet =
                Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 255).map(String::valueOf),
                        Arbitraries.integers().between(0, 999).map(String::valueOf),
                        Arbitraries.strings()
                                .withChars("0123456789")
                                .ofMinLength(0)
                                .ofMaxLength(4));
        Arbitrary<String> quads =
                octet.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts));
        Arbitrary<String> noise =
                Arbitraries.strings().withChars("0123456789.").ofMinLength(0).ofMaxLength(17);
        return Arbitraries.oneOf(quads, quads, noise);
    }
}
