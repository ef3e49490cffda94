package dev.slidr.cli;

import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.InvalidJobConfigException;
import dev.slidr.job.JobConfig;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.KafkaPreflight;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryCatalog;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.job.monitor.MonitorConfig;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.ModelBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidr run}: the live click-decision job against a real Kafka cluster, in a local
 * MiniCluster inside this process (see flink-job/README.md for submitting it to a Flink cluster).
 * The model comes from a model directory, or from the registry: its stable bundle, or a pinned
 * version, with every checksum verified; decisions use that bundle's per-slice thresholds.
 *
 * <pre>
 * bin/slidr run --config slidr.yaml --model-dir model/
 * bin/slidr run --config slidr.yaml --registry s3://slidr/registry [--model-version V]
 * </pre>
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the live job (clicks topic -> decisions and dead-letter topics, exactly once)"
                    + " in a local Flink MiniCluster until it is stopped.",
            "The config file (YAML or properties) holds the slidr.* settings and any Flink"
                    + " settings; the model comes from a model directory (model.onnx and"
                    + " thresholds.json) or from the registry's stable (or pinned) bundle, which"
                    + " the job reads itself; with --registry, control commands (models promote"
                    + " --live) change the model while it runs."
        })
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            required = true,
            description = "Job configuration, YAML (.yaml, .yml) or properties.")
    Path config;

    /** Where the model comes from: a directory, or the registry. */
    static final class ModelChoice {
        @Option(
                names = "--model-dir",
                paramLabel = "DIR",
                description =
                        "Directory with model.onnx and thresholds.json (default:"
                                + " slidr.job.model-dir from the config).")
        Path modelDir;

        @Option(
                names = "--registry",
                paramLabel = "URI",
                description =
                        "Model registry (a directory or a file system URI): runs its stable"
                                + " model, checksums verified.")
        String registry;
    }

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    ModelChoice model = new ModelChoice();

    @CommandLine.Mixin TrustOptions trust;

    @Option(
            names = "--model-version",
            paramLabel = "V",
            description = "With --registry: run this registered version instead of the stable one.")
    String modelVersion;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (modelVersion != null && model.registry == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--model-version needs --registry");
        }
        VersionArgument.check(spec.commandLine(), "--model-version", modelVersion);
        if (model.registry != null) {
            // a registry without a usable model fails here (exit 1, "run: failed: ..."), before
            // anything starts
            BundleTrust bundleTrust = trust.trust();
            ModelBundle bundle =
                    RegistryModel.resolve(
                            RegistryModel.openExisting(model.registry).withTrust(bundleTrust),
                            modelVersion);
            err.printf(
                    "slidr run: model %s (%s) from %s, checksums verified, %s%n",
                    bundle.version(),
                    modelVersion == null ? "stable" : "pinned",
                    model.registry,
                    bundle.signer().map(k -> "signed by " + k).orElse("unsigned (allowed)"));
            err.flush();
            // the job reads the bundle itself, and the models control commands name from the
            // same registry
            return runWith(
                    conf ->
                            ClickDecisionJob.plan(
                                    conf,
                                    BundleModels.deployed(bundle),
                                    RegistryCatalog.of(model.registry, bundleTrust)),
                    err);
        }
        return runWith(conf -> ClickDecisionJob.plan(conf, model.modelDir), err);
    }

    private int runWith(
            Function<Configuration, StreamExecutionEnvironment> planner, PrintWriter err)
            throws Exception {
        Configuration conf;
        StreamExecutionEnvironment env;
        try {
            conf = JobConfigFile.load(config);
            env = planner.apply(conf);
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
        // an unreachable broker or a missing topic fails here in seconds, in one line, instead of
        // as a job that retries until its restarts run out ("run: failed: ...", exit 1)
        KafkaPreflight.check(
                KafkaConfig.fromConfiguration(job.applyTo(conf)),
                conf.get(KafkaOptions.PREFLIGHT_TIMEOUT),
                MonitorConfig.fromConfiguration(conf).enabled());
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
