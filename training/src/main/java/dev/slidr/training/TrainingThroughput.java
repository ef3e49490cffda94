package dev.slidr.training;

import java.util.Locale;
import java.util.Random;

/**
 * Measures training speed, rows·epochs per second, of the three-layer network on a synthetic
 * problem shaped like the click features (half heavy-tailed counts, half dense values).
 *
 * <pre>
 * mvn -q -pl training compile exec:java -Dexec.mainClass=dev.slidr.training.TrainingThroughput \
 *     -Dexec.args="200000 30 5 2"
 * </pre>
 *
 * Arguments: rows, features, epochs, threads (defaults 200000, 30, 5, available cores).
 */
public final class TrainingThroughput {

    private TrainingThroughput() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads =
                args.length > 3
                        ? Integer.parseInt(args[3])
                        : Runtime.getRuntime().availableProcessors();

        Random random = new Random(1);
        boolean[] countMask = new boolean[features];
        double[] beta = new double[features];
        for (int j = 0; j < features; j++) {
            countMask[j] = j < features / 2;
            beta[j] = random.nextGaussian() / Math.sqrt(features);
        }
        TrainingSet raw = generate(rows, features, countMask, beta, random);
        TrainingSet rawValidation = generate(rows / 10, features, countMask, beta, random);
        FeatureNormalizer normalizer = FeatureNormalizer.fit(raw.x(), countMask, 1e-3);
        TrainingSet train = normalizer.transform(raw);
        TrainingSet validation = normalizer.transform(rawValidation);

        TrainingOptions options =
                TrainingOptions.defaults().withEpochs(epochs, epochs).withParallelism(4, threads);
        RobotNetwork net = RobotNetwork.mlp(features, 64, 32, options.seed());
        long start = System.nanoTime();
        TrainingHistory history = new NetworkTrainer(options).train(net, train, validation);
        double seconds = (System.nanoTime() - start) / 1e9;
        long work = (long) rows * history.epochsRun();
        System.out.printf(
                Locale.ROOT,
                "network %d-64-32-1, %d rows x %d features, %d epochs, batch %d, %d shards on"
                        + " %d threads: %.2f s, %.0f rows*epochs/s (validation loss %.4f)%n",
                features,
                rows,
                features,
                history.epochsRun(),
                options.batchSize(),
                options.shards(),
                threads,
                seconds,
                work / seconds,
                history.bestValidationLoss());
    }

    private static TrainingSet generate(
            int rows, int features, boolean[] countMask, double[] beta, Random random) {
        float[][] x = new float[rows][features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double z = 0;
            for (int j = 0; j < features; j++) {
                double v =
                        countMask[j]
                                ? Math.floor(20 * -Math.log(random.nextDouble()))
                                : random.nextGaussian();
                x[i][j] = (float) v;
                z += beta[j] * (countMask[j] ? Math.log1p(v) - 2.5 : v);
            }
            // a nonlinear interaction so that the hidden layers have something to do
            z += 0.8 * Math.signum(x[i][features - 1]) * Math.signum(x[i][features - 2]);
            y[i] = random.nextDouble() < RobotNetwork.sigmoid(z) ? 1f : 0f;
        }
        return TrainingSet.unweighted(x, y);
    }
}
