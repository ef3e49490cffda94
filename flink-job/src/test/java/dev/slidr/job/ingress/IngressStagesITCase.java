package dev.slidr.job.ingress;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.flink.ClickSerializer;
import dev.slidr.rules.givt.DataCentreIpRanges;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.givt.UserAgents;
import dev.slidr.rules.privacy.Pseudonymizer;
import dev.slidr.rules.privacy.TestingKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The ingress stages wired on a MiniCluster with the RocksDB state backend. */
class IngressStagesITCase {

    @Test
    void screensPseudonymizesAndDedupesABoundedStream() throws Exception {
        GivtConfig givt =
                GivtConfig.builder()
                        .dataCentreRanges(DataCentreIpRanges.parse(List.of("203.0.113.0/24")))
                        .dedupeWindow(Duration.ofHours(1))
                        .dedupeStateTtl(Duration.ofHours(1))
                        .build();
        Click human = Clicks.builder("alice", "198.51.100.1", T0).clickId("h-1").build();
        Click robot =
                Clicks.builder("bob", "198.51.100.2", T0.plusSeconds(1))
                        .clickId("r-1")
                        .userAgent(UserAgents.PYTHON_REQUESTS)
                        .build();
        Click hosted =
                Clicks.builder("carol", "203.0.113.7", T0.plusSeconds(2)).clickId("d-1").build();
        Click humanAgain =
                Clicks.builder("alice", "198.51.100.1", T0.plusSeconds(3)).clickId("h-1").build();
        Click humanNextDay =
                Clicks.builder("alice", "198.51.100.1", T0.plus(Duration.ofHours(2)))
                        .clickId("h-1")
                        .build();

        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<Click> clicks =
                env.fromData(List.of(human, robot, hosted, humanAgain, humanNextDay))
                        .returns(TypeInformation.of(Click.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Click>forMonotonousTimestamps()
                                        .withTimestampAssigner((c, previous) -> c.ts()));

        IngressStages.Streams ingress = IngressStages.apply(clicks, givt, TestingKeys.privacyA());
        List<GivtVerdict> results = new ArrayList<>();
        try (CloseableIterator<GivtVerdict> out =
                ingress.verdicts().union(ingress.duplicates()).executeAndCollect()) {
            out.forEachRemaining(results::add);
        }

        Pseudonymizer pseudonymizer = new Pseudonymizer(TestingKeys.keyA());
        Map<Long, GivtVerdict> byTs =
                results.stream().collect(Collectors.toMap(v -> v.click().ts(), v -> v));
        assertThat(byTs).hasSize(5);
        for (Click click : List.of(human, robot, hosted, humanAgain, humanNextDay)) {
            // after the dedupe shuffle the click is in its after-ingress form
            assertThat(byTs.get(click.ts()).click())
                    .isEqualTo(ClickSerializer.afterIngress(pseudonymizer.pseudonymize(click)));
        }
        assertThat(byTs.get(robot.ts()).reason()).isEqualTo(GivtReason.DECLARED_ROBOT);
        assertThat(byTs.get(hosted.ts()).reason()).isEqualTo(GivtReason.DATA_CENTRE_IP);
        assertThat(byTs.get(humanNextDay.ts()).reason()).isNull();
        // two screening subtasks may hand the two h-1 clicks to the dedupe in either order;
        // whichever comes first passes, the other is the duplicate
        assertThat(Arrays.asList(byTs.get(human.ts()).reason(), byTs.get(humanAgain.ts()).reason()))
                .containsExactlyInAnyOrder(null, GivtReason.DUPLICATE_CLICK);
        assertThat(results.toString())
                .doesNotContain("alice")
                .doesNotContain("198.51.100")
                .doesNotContain("203.0.113");
    }
}
