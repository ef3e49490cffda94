package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealisticStreamParityTest {

    @Test
    void incrementalFeaturesMatchTheNaiveReferenceOnRealisticTraffic() {
        List<Click> stream = RealisticTraffic.generate(42);
        ParityCheck check = new ParityCheck(101);

        check.run(stream);

        // the stream exercised every regime: exact and sampled distinct counts, late clicks
        assertThat(check.exactComparisons).isPositive();
        assertThat(check.sampledComparisons).isPositive();
        assertThat(check.lateClicks).isPositive();
    }
}
