package dev.slidr.rules.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bounded cache of pseudonyms: same answers as no cache, and never more than its bound. */
class PseudonymizerCacheTest {

    @Test
    void cachedAndUncachedPseudonymsAgree() {
        Pseudonymizer cached = new Pseudonymizer(TestingKeys.keyA(), 64);
        Pseudonymizer uncached = new Pseudonymizer(TestingKeys.keyA(), 0);

        // three passes over more identifiers than the cache holds: hits, misses and evictions
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < 500; i++) {
                for (IdentifierKind kind : IdentifierKind.values()) {
                    String identifier =
                            kind == IdentifierKind.IP ? "10.0." + i % 7 + "." + i : "id-" + i % 97;
                    assertThat(cached.pseudonym(kind, identifier))
                            .isEqualTo(uncached.pseudonym(kind, identifier));
                }
            }
        }
        assertThat(uncached.cachedPseudonyms()).isZero();
    }

    @Test
    void aRepeatedIdentifierIsComputedOnce() {
        Pseudonymizer cached = new Pseudonymizer(TestingKeys.keyA(), 64);
        Pseudonymizer uncached = new Pseudonymizer(TestingKeys.keyA(), 0);

        for (int i = 0; i < 10; i++) {
            cached.pseudonym(IdentifierKind.SESSION, "s-1");
            uncached.pseudonym(IdentifierKind.SESSION, "s-1");
        }
        // the same text of another kind is another identifier
        cached.pseudonym(IdentifierKind.USER, "s-1");

        assertThat(cached.computedPseudonyms()).isEqualTo(2);
        assertThat(uncached.computedPseudonyms()).isEqualTo(10);
    }

    @Test
    void theCacheIsBoundedPerKind() {
        Pseudonymizer cached = new Pseudonymizer(TestingKeys.keyA(), 16);

        for (int i = 0; i < 1_000; i++) {
            for (IdentifierKind kind : IdentifierKind.values()) {
                cached.pseudonym(kind, "id-" + i);
            }
        }

        assertThat(cached.cachedPseudonyms())
                .isPositive()
                .isLessThanOrEqualTo(16L * IdentifierKind.values().length);
    }

    @Test
    void aCacheOfOneSlotStillAgreesAndHoldsOnePerKind() {
        Pseudonymizer cached = new Pseudonymizer(TestingKeys.keyA(), 1);
        Pseudonymizer uncached = new Pseudonymizer(TestingKeys.keyA(), 0);

        for (int i = 0; i < 200; i++) {
            String identifier = "id-" + i % 3;
            assertThat(cached.pseudonym(IdentifierKind.USER, identifier))
                    .isEqualTo(uncached.pseudonym(IdentifierKind.USER, identifier));
        }
        assertThat(cached.cachedPseudonyms()).isEqualTo(1);
    }

    @Test
    void aSizeThatIsNotAPowerOfTwoIsStillAnUpperBound() {
        Pseudonymizer cached = new Pseudonymizer(TestingKeys.keyA(), 20);

        for (int i = 0; i < 1_000; i++) {
            cached.pseudonym(IdentifierKind.IP, "10.0.0." + i);
        }

        assertThat(cached.cachedPseudonyms()).isPositive().isLessThanOrEqualTo(20);
    }

    @Test
    void keysDoNotShareCachedPseudonyms() {
        Pseudonymizer a = new Pseudonymizer(TestingKeys.keyA());
        Pseudonymizer b = new Pseudonymizer(TestingKeys.keyB());

        String first = a.pseudonym(IdentifierKind.SESSION, "s-1");

        assertThat(b.pseudonym(IdentifierKind.SESSION, "s-1")).isNotEqualTo(first);
        assertThat(a.pseudonym(IdentifierKind.SESSION, "s-1")).isEqualTo(first);
        assertThat(new Pseudonymizer(TestingKeys.keyA()).pseudonym(IdentifierKind.SESSION, "s-1"))
                .isEqualTo(first);
    }

    @Test
    void refusesANegativeCacheSize() {
        assertThatThrownBy(() -> new Pseudonymizer(TestingKeys.keyA(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pseudonym cache size must be >= 0, was -1");
    }
}
