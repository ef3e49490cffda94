package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.job.TestingModels;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak of {@code mvn verify}: the job jar on a Flink cluster of processes (a job manager,
 * two task managers) against three brokers, a few thousand clicks with malformed records mixed in,
 * one {@code kill -9} of a task manager and one exception inside an operator: billing's {@code
 * read_committed} reader sees every click decided exactly once and every malformed record as
 * exactly one dead letter.
 */
class LocalFlinkClusterSoakITCase {

    @TempDir Path work;

    @Test
    void aTaskManagerKillAndAnOperatorExceptionLoseAndRepeatNothing() throws Exception {
        Path modelDir = TestingModels.writeModelDirectory(work.resolve("model"));
        SoakRequest request =
                new SoakRequest(
                        4000,
                        EnumSet.of(FaultKind.TASK_MANAGER_KILL, FaultKind.OPERATOR_EXCEPTION),
                        13,
                        200,
                        50,
                        work.resolve("run"),
                        Path.of(System.getProperty("slidr.flink.config")),
                        Path.of(System.getProperty("slidr.cluster.classpath")),
                        Path.of(System.getProperty("slidr.job.jar")),
                        modelDir,
                        null,
                        1,
                        null,
                        2,
                        2,
                        "1280m",
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1));

        SoakSummary summary = new SoakRun(new PrintWriter(System.err, true)).run(request);

        System.err.println(summary.toJson());
        assertThat(summary.faults())
                .extracting(SoakSummary.Fault::kind)
                .containsExactlyInAnyOrder("tm-kill", "operator-exception");
        assertThat(summary.faults()).allSatisfy(f -> assertThat(f.error()).isNull());
        assertThat(summary.faults()).allSatisfy(f -> assertThat(f.recoverySeconds()).isPositive());
        assertThat(summary.faults())
                .as("each fault restarted the job")
                .allSatisfy(f -> assertThat(f.jobRestarts()).isPositive());
        assertThat(summary.clicks()).isEqualTo(4000);
        assertThat(summary.lost()).isZero();
        assertThat(summary.duplicated()).isZero();
        assertThat(summary.unexpected()).isZero();
        assertThat(summary.badRecords()).isEqualTo(80);
        assertThat(summary.deadLettersLost()).isZero();
        assertThat(summary.deadLettersDuplicated()).isZero();
        assertThat(summary.jobRestarts())
                .as("each fault restarted the job")
                .isGreaterThanOrEqualTo(2);
        assertThat(summary.passed()).isTrue();
        assertThat(Files.list(work.resolve("run").resolve("flink").resolve("logs")))
                .as("each process logs to its own file")
                .isNotEmpty();
    }
}
