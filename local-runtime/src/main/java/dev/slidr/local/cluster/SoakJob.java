package dev.slidr.local.cluster;

import dev.slidr.contract.Decision;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.JobConfig;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.ModelDirectory;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live job as {@code ClickDecisionJob.main --config FILE --model-dir DIR} builds it (same
 * settings, operators, uids and sinks), with one operator more in front of the decision sink:
 * {@link ThrowOnSignal}, through which the soak throws an exception inside the running job.
 * Submitted with the job jar as {@code flink run -c dev.slidr.local.cluster.SoakJob -C SOAK_JAR
 * JOB_JAR --config FILE --model-dir DIR --signal FILE}.
 */
public final class SoakJob {

    /** Uid of the fault operator. */
    public static final String FAULT_UID = "soak-operator-fault";

    private SoakJob() {}

    public static void main(String[] args) throws Exception {
        String usage = "usage: --config FILE --model-dir DIR --signal FILE";
        Path config = null;
        Path modelDir = null;
        Path signal = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[i + 1]);
                case "--model-dir" -> modelDir = Path.of(args[i + 1]);
                case "--signal" -> signal = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException(usage);
            }
        }
        if (config == null || modelDir == null || signal == null || args.length != 6) {
            throw new IllegalArgumentException(usage);
        }
        Configuration conf = JobConfigFile.load(config);
        JobConfig jobConfig = JobConfig.fromConfiguration(conf);
        Configuration flinkConf = jobConfig.applyTo(conf);
        DeployedModel deployed = ModelDirectory.load(modelDir);
        ClickDecisionJob job =
                ClickDecisionJob.fromConfiguration(
                        flinkConf,
                        ModelSource.fixed(deployed),
                        ModelCatalog.none("the soak runs from a model directory"),
                        deployed.thresholds().slicing());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        ClickDecisionJob.Streams streams = job.pipeline(env);
        KafkaConfig kafka = KafkaConfig.fromConfiguration(flinkConf);
        streams.decisions()
                .transform(
                        "soak fault",
                        DecisionSerializer.TYPE_INFO,
                        new ThrowOnSignal<Decision>(signal))
                .uid(FAULT_UID)
                .sinkTo(DecisionSink.create(kafka))
                .uid(DecisionSink.UID)
                .name("decisions");
        streams.deadLetters()
                .sinkTo(DeadLetterSink.create(kafka))
                .uid(DeadLetterSink.UID)
                .name("dead letters");
        env.execute(jobConfig.jobName());
    }
}
