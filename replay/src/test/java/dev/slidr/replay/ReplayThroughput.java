package dev.slidr.replay;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.scoring.TestModels;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ModelRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * The end-to-end speed of a file replay, for docs/benchmarks.md: a production-sized test network
 * registered and promoted in a fresh registry, then every click of the archive replayed through it,
 * from reading the files to the last file written.
 *
 * <pre>
 * java -Xmx4g -cp ... dev.slidr.replay.ReplayThroughput CLICKS FROM TO OUT [STREAMING|BATCH [WARM_UP]]
 * </pre>
 *
 * <p>{@code WARM_UP} is an ISO-8601 duration ({@code PT24H}); none by default.
 */
public final class ReplayThroughput {

    private ReplayThroughput() {}

    public static void main(String[] args) throws Exception {
        Path clicks = Path.of(args[0]);
        Instant from = Instant.parse(args[1]);
        Instant to = Instant.parse(args[2]);
        Path out = Path.of(args[3]);
        RuntimeExecutionMode mode =
                args.length > 4
                        ? RuntimeExecutionMode.valueOf(args[4])
                        : RuntimeExecutionMode.STREAMING;
        Duration warmUp = args.length > 5 ? Duration.parse(args[5]) : Duration.ZERO;
        Path registryDir = Files.createTempDirectory("replay-bench-registry");
        ModelRegistry registry = TestingRegistry.open(registryDir);
        // one 64-32 network: the model every replay figure in docs/benchmarks.md was taken with
        TestModels models = TestModels.sized(64, 32, 1);
        FeatureSchema schema = FeatureSchema.CURRENT;
        registry.register(
                new BundleWriter("bench")
                        .signedWith(TestingBundles.SIGNER)
                        .createdAt(TestingBundles.T0)
                        .featureVersion(schema.version())
                        .featureNames(schema.names())
                        .dataRange(TestingBundles.T0.minusSeconds(86_400), TestingBundles.T0)
                        .referenceFeatures(Arrays.copyOf(models.reference(), schema.size()))
                        .model(models.onnx())
                        .calibration(
                                TestingBundles.calibration("bench", slice -> 0.5)
                                        .getBytes(StandardCharsets.UTF_8))
                        .guardrails(
                                List.of(new BundleManifest.Guardrail("holdout_fpr", true, "ok"))));
        registry.promote("bench");
        ReplayRequest request =
                ReplayRequest.builder()
                        .from(from)
                        .to(to)
                        .warmUp(warmUp)
                        .source(new ReplaySource.Files(List.of(clicks), null))
                        .registry(registry)
                        .modelVersion("bench")
                        .emitAll(true)
                        .replayId("bench")
                        .out(out)
                        .build();
        long start = System.nanoTime();
        ReplayResult result =
                new ReplayRun(
                                new ReplayListener() {
                                    @Override
                                    public void phase(String name) {
                                        System.err.printf(
                                                "%8.1f s  %s%n",
                                                (System.nanoTime() - start) / 1e9, name);
                                    }

                                    private long reported;

                                    // a line per 250,000 rows read, then at the first batch of
                                    // decisions and per 250,000 of them: how the rate settles as
                                    // the JIT warms and the state grows
                                    @Override
                                    public void progress(long done, long total) {
                                        if (done / 250_000 != reported / 250_000) {
                                            System.err.printf(
                                                    "%8.1f s  %,d of %,d%n",
                                                    (System.nanoTime() - start) / 1e9, done, total);
                                        }
                                        reported = done;
                                    }
                                })
                        .runtimeMode(mode)
                        .run(request);
        double seconds = (System.nanoTime() - start) / 1e9;
        // this thread reads the files, then takes every collected decision and writes it
        double clientCpuSeconds =
                ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                "mode=%s read=%d warmed=%d decided=%d dead_letters=%d seconds=%.1f"
                        + " clicks_per_s=%.0f client_cpu_s=%.1f max_heap_mib=%d%n",
                mode,
                result.read(),
                result.warmed(),
                result.decided(),
                result.deadLetters(),
                seconds,
                result.read() / seconds,
                clientCpuSeconds,
                rt.maxMemory() >> 20);
    }
}
