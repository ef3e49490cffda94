package dev.slidr.job.kafka;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Test-only stand-in for the scoring stages: every click gets a valid decision (stage NONE), so the
 * Kafka edges can be tested end to end without a model.
 */
final class PassThroughDecision implements MapFunction<Click, Decision> {

    private static final long serialVersionUID = 1L;

    @Override
    public Decision map(Click click) {
        return new Decision(
                click.clickId(),
                click.ts(),
                System.currentTimeMillis(),
                false,
                Decision.Stage.NONE,
                List.of(),
                Double.NaN,
                Double.NaN,
                "test",
                null,
                null,
                null,
                new float[0],
                0,
                null);
    }
}
