package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

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
        // the generated streams must reach the regimes under test, not only the easy one
        Statistics.label("late").collect(check.lateClicks > 0);
        Statistics.label("sampled").collect(check.sampledComparisons > 0);
        Statistics.label("late").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("sampled").coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        // mostly dense traffic (sampled distinct counts need many ids within an hour), with
        // occasional gaps of minutes and rare jumps beyond the retention horizon
        Arbitrary<Long> advance =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                85,
                                Arbitraries.longs()
                                        .between(0, 5_000)
                                        .withDistribution(RandomDistribution.uniform())),
                        Tuple.of(
                                14,
                                Arbitraries.longs()
                                        .between(0, 120_000)
                                        .withDistribution(RandomDistribution.uniform())),
                        Tuple.of(
                                1,
                                Arbitraries.longs()
                                        .between(0, 30 * 3_600_000L)
                                        .withDistribution(RandomDistribution.uniform())));
        Arbitrary<Long> delay =
                Arbitraries.frequencyOf(
                        Tuple.of(7, Arbitraries.just(0L)),
                        Tuple.of(
                                2,
                                Arbitraries.longs()
                                        .between(0, 1_200_000)
                                        .withDistribution(RandomDistribution.uniform())),
                        Tuple.of(
                                1,
                                Arbitraries.longs()
                                        .between(0, 30 * 3_600_000L)
                                        .withDistribution(RandomDistribution.uniform())));
        Arbitrary<Step> step =
                Combinators.combine(
                                advance,
                                delay,
                                Arbitraries.integers()
                                        .between(0, 1)
                                        .withDistribution(RandomDistribution.uniform()),
                                Arbitraries.integers()
                                        .between(0, 1)
                                        .withDistribution(RandomDistribution.uniform()),
                                Arbitraries.integers()
                                        .between(0, 400)
                                        .withDistribution(RandomDistribution.uniform()),
                                Arbitraries.integers()
                                        .between(0, 2_000)
                                        .withDistribution(RandomDistribution.uniform()),
                                Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)))
                        .as(Step::new);
        return step.list()
                .ofMinSize(1)
                .ofMaxSize(400)
                .withSizeDistribution(RandomDistribution.uniform());
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
                                    Instant.ofEpochMilli(clock - s.delayMillis()))
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
