package dev.slidr.replay.features;

import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.training.pipeline.FeaturePass;
import dev.slidr.training.pipeline.FeaturePassStrategy;
import dev.slidr.training.pipeline.TrainingConfig;
import dev.slidr.training.pipeline.TrainingRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;

/**
 * The parity of the Flink feature pass with the single-machine one on a whole simulated week, and
 * both passes' clicks per second in one run: the single-machine pass, then the Flink pass at each
 * parallelism given, every Flink row file compared row by row with the single-machine one. Prints
 * one line per pass with the load average before and after it; exits 1 when any row differs.
 *
 * <pre>
 * java -Xmx4g -cp ... dev.slidr.replay.features.FeaturePassWeek SIM_DIR OUT_DIR 1 2
 * </pre>
 */
public final class FeaturePassWeek {

    private FeaturePassWeek() {}

    public static void main(String[] args) throws Exception {
        Path sim = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        TrainingRequest request =
                TrainingRequest.builder()
                        .clicks(sim.resolve("clicks.jsonl"))
                        .conversions(sim.resolve("conversions.jsonl"))
                        .rfm(sim.resolve("rfm.csv"))
                        .truth(sim.resolve("truth.csv"))
                        .givt(GivtConfig.fromConfiguration(new Configuration()))
                        .config(TrainingConfig.defaults())
                        .build();
        Path single = out.resolve("single.rows");
        FeaturePass.Result reference =
                timed("single machine", FeaturePass.SINGLE_MACHINE, request, single);
        boolean same = true;
        for (int i = 2; i < args.length; i++) {
            int p = Integer.parseInt(args[i]);
            Path flink = out.resolve("flink-" + p + ".rows");
            FeaturePass.Result r = timed("flink p=" + p, new FlinkFeaturePass(p), request, flink);
            RowComparison c = RowComparison.of(single, flink);
            boolean reports = r.report().toMap().equals(reference.report().toMap());
            System.out.printf(
                    Locale.ROOT,
                    "parity flink p=%d: %,d rows compared, %,d differences (%s), reports equal:"
                            + " %s%n",
                    p,
                    c.rows(),
                    c.differences(),
                    c.firstDifference(),
                    reports);
            same &= c.differences() == 0 && reports && c.rows() == reference.rows();
            Files.delete(flink);
        }
        System.exit(same ? 0 : 1);
    }

    private static FeaturePass.Result timed(
            String name, FeaturePassStrategy pass, TrainingRequest request, Path rows)
            throws Exception {
        String before = load();
        long start = System.nanoTime();
        FeaturePass.Result r = pass.run(request, rows);
        double seconds = (System.nanoTime() - start) / 1e9;
        long clicks = r.report().read("clicks");
        System.out.printf(
                Locale.ROOT,
                "%s: %,d clicks read, %,d rows, %.1f s, %,.0f clicks/s, load average %s -> %s%n",
                name,
                clicks,
                r.rows(),
                seconds,
                clicks / seconds,
                before,
                load());
        return r;
    }

    private static String load() throws java.io.IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + "/" + parts[1] + "/" + parts[2];
    }
}
