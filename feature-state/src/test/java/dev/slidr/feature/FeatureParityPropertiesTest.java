package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Incremental features equal the naive recomputation on random streams with disorder. */
class FeatureParityPropertiesTest {

    /** One generated event: how far the arrival clock moves, how late the event is, its ids. */
    record Step(
            long advanceMillis,
            long delayMillis,
            int user,
            int ip,
            int ad,
            int session,
            boolean loggedIn) {}

    @Property(tries = 150, seed = "20260302")
    void incrementalFeaturesMatchTheNaiveReference(@ForAll("streams") List<Step> steps) {
        ParityCheck check = new ParityCheck(17);
        check.run(toClicks(steps));
        assertThat(check.exactComparisons + check.sampledComparisons).isPositive();
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        Arbitrary<Long> advance =
                Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.longs().between(0, 15_000)),
                        Tuple.of(3, Arbitraries.longs().between(0, 900_000)),
                        Tuple.of(1, Arbitraries.longs().between(0, 30 * 3_600_000L)));
        Arbitrary<Long> delay =
                Arbitraries.frequencyOf(
                        Tuple.of(7, Arbitraries.just(0L)),
                        Tuple.of(2, Arbitraries.longs().between(0, 1_200_000)),
                        Tuple.of(1, Arbitraries.longs().between(0, 30 * 3_600_000L)));
        Arbitrary<Step> step =
                Combinators.combine(
                                advance,
                                delay,
                                Arbitraries.integers().between(0, 3),
                                Arbitraries.integers().between(0, 2),
                                Arbitraries.integers().between(0, 40),
                                Arbitraries.integers().between(0, 90),
                                Arbitraries.of(true, false))
                        .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(300);
    }

    static List<Click> toClicks(List<Step> steps) {
        List<Click> clicks = new ArrayList<>();
        long clock = Clicks.T0.toEpochMilli();
        for (Step s : steps) {
            clock += s.advanceMillis();
            Clicks.Builder b =
                    Clicks.builder(
                                    "u" + s.user(),
                                    "10.0.0." + s.ip(),
                                    java.time.Instant.ofEpochMilli(clock - s.delayMillis()))
                            .session("s" + s.session())
                            .ad("ad-" + s.ad())
                            .advertiser("adv-" + (s.ad() % 7))
                            .device(Device.values()[s.session() % 4]);
            if (!s.loggedIn()) {
                b.anonymous();
            }
            clicks.add(b.build());
        }
        return clicks;
    }
}
