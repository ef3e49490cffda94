package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clicks dated far from the rest are reported and left out of the split, not fatal. */
class TimeOutlierTest {

    @Test
    void threeClicksIn2099AreLeftOutOfTheRange() throws Exception {
        TrainingInputs day = TrainingPipelineTest.simulatedDay();
        List<Click> clicks = new ArrayList<>(day.clicks());
        long y2099 = Instant.parse("2099-06-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 3; i++) {
            Click c = clicks.get(i);
            clicks.set(
                    i,
                    new Click(
                            c.clickId(),
                            y2099 + i,
                            c.userId(),
                            c.sessionId(),
                            c.ip(),
                            c.userAgent(),
                            c.device(),
                            c.loggedIn(),
                            c.adId(),
                            c.advertiserId(),
                            c.placement()));
        }
        long latest = day.clicks().stream().skip(3).mapToLong(Click::ts).max().orElseThrow();
        TrainingInputs inputs =
                new TrainingInputs(
                        clicks, day.purchases(), day.rfmScores(), day.truth(), day.report());
        TrainingConfig config =
                TrainingConfig.builder()
                        .fprBudget(0.1)
                        .hidden(8, 4)
                        .epochs(2, 1)
                        .maxTrainRows(10_000)
                        .minSliceClicks(20)
                        .parityRows(500)
                        .threads(2)
                        .seed(3)
                        .build();
        StringWriter log = new StringWriter();

        TrainedModel model =
                new TrainingPipeline(config, new PrintWriter(log, true))
                        .train(inputs, null, null, null);

        assertThat(model.to()).isEqualTo(Instant.ofEpochMilli(latest + 1));
        assertThat(inputs.report().rejected(TrainingInputs.CLICKS))
                .containsEntry(TrainingPipeline.TIME_OUTLIER, 3L);
        assertThat(log.toString())
                .contains("left out 3 clicks far from the others' time range")
                .contains("(0 earlier, 3 later, from ")
                .contains("to 2099-06-01T00:00:00.002Z)");
    }

    @Test
    void theBodyIgnoresAFewFarTimesAndKeepsAtLeastADay() {
        long[] times = new long[10_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_000_000_000_000L + i * 1000L;
        }
        times[times.length - 1] = 4_000_000_000_000L;
        long[] body = TrainingPipeline.body(times);
        assertThat(body[1]).isLessThan(4_000_000_000_000L);
        assertThat(body[1] - body[0]).isGreaterThanOrEqualTo(2 * 86_400_000L);
    }
}
