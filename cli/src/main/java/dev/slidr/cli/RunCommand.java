package dev.slidr.cli;

import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.InvalidJobConfigException;
import dev.slidr.job.JobConfig;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.kafka.KafkaOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidr run}: the live click-decision job against a real Kafka cluster, in a local
 * MiniCluster inside this process (see flink-job/README.md for submitting it to a Flink cluster).
 *
 * <pre>
 * bin/slidr run --config slidr.yaml --model-dir model/
 * </pre>
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the live job (clicks topic -> decisions and dead-letter topics, exactly once)"
                    + " in a local Flink MiniCluster until it is stopped.",
            "The config file (YAML or properties) holds the slidr.* settings and any Flink"
                    + " settings; the model directory holds model.onnx and thresholds.json."
        })
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            required = true,
            description = "Job configuration, YAML (.yaml, .yml) or properties.")
    Path config;

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            description =
                    "Directory with model.onnx and thresholds.json (default: slidr.job.model-dir"
                            + " from the config).")
    Path modelDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Configuration conf;
        StreamExecutionEnvironment env;
        try {
            conf = JobConfigFile.load(config);
            env = ClickDecisionJob.plan(conf, modelDir);
        } catch (InvalidJobConfigException e) {
            // nothing started: a usage error, like a bad argument
            err.println(
                    spec.commandLine()
                            .getColorScheme()
                            .errorText("run: error: invalid configuration: " + e.getMessage()));
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        JobConfig job = JobConfig.fromConfiguration(conf);
        err.println(
                "slidr run: job '"
                        + job.jobName()
                        + "', parallelism "
                        + job.parallelism()
                        + ", checkpoints every "
                        + job.checkpointInterval()
                        + ", Kafka "
                        + conf.get(KafkaOptions.BOOTSTRAP_SERVERS));
        err.flush();
        JobExecutionResult result;
        try {
            result = env.execute(job.jobName());
        } catch (Exception e) {
            // Flink wraps the cause in several layers; the innermost one says what went wrong
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("the job failed after its restarts: " + root, e);
        }
        spec.commandLine()
                .getOut()
                .println(
                        "slidr run: job "
                                + result.getJobID()
                                + " ended after "
                                + result.getNetRuntime()
                                + " ms");
        return 0;
    }
}
