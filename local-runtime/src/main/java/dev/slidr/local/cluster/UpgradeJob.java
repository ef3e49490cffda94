package dev.slidr.local.cluster;

import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.JobConfigFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

/**
 * The live job exactly as {@code ClickDecisionJob.main --config FILE --model-dir DIR} runs it, and
 * reporting which release it is: the version its job jar declares ({@link JobJarVersion}) is
 * printed by the client and set as the global job parameter {@value #VERSION_PARAMETER}, which the
 * REST API shows ({@code /jobs/ID/config}). Submitted as {@code flink run -c
 * dev.slidr.local.cluster.UpgradeJob -C ENTRY_JAR JOB_JAR --config FILE --model-dir DIR}.
 */
public final class UpgradeJob {

    /** The global job parameter that carries the job jar's version. */
    public static final String VERSION_PARAMETER = "slidr.job.version";

    private UpgradeJob() {}

    public static void main(String[] args) throws Exception {
        String usage = "usage: --config FILE --model-dir DIR";
        Path config = null;
        Path modelDir = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[i + 1]);
                case "--model-dir" -> modelDir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException(usage);
            }
        }
        if (config == null || modelDir == null || args.length != 4) {
            throw new IllegalArgumentException(usage);
        }
        String version = JobJarVersion.ofJarHolding(ClickDecisionJob.class);
        System.out.println("slidr job version " + version);
        Configuration conf = JobConfigFile.load(config);
        Map<String, String> parameters =
                new LinkedHashMap<>(conf.get(PipelineOptions.GLOBAL_JOB_PARAMETERS, Map.of()));
        parameters.put(VERSION_PARAMETER, version);
        conf.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, parameters);
        ClickDecisionJob.run(conf, modelDir);
    }
}
