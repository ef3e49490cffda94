package dev.slidr.training;

import java.util.Random;

/**
 * Seeded raw feature rows shaped like the v1 click features: heavy-tailed counts, sin/cos time
 * encodings and a logged-in flag, with a robotic label driven by the counts.
 */
final class SyntheticClicks {

    static final int FEATURES = 7;

    /** Columns 0-3 are counts. */
    static final boolean[] COUNT_MASK = {true, true, true, true, false, false, false};

    static final String[] NAMES = {
        "user_clicks_1m",
        "user_clicks_1h",
        "ip_clicks_1h",
        "ip_distinct_users_1h",
        "hour_sin",
        "hour_cos",
        "logged_in"
    };

    private SyntheticClicks() {}

    static TrainingSet generate(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            boolean robot = random.nextDouble() < 0.3;
            x[i] = row(random, robot);
            y[i] = robot ? 1f : 0f;
        }
        return TrainingSet.unweighted(x, y);
    }

    static float[] row(Random random, boolean robot) {
        double rate = robot ? 20 : 2;
        double hour = random.nextDouble() * 2 * Math.PI;
        return new float[] {
            (float) Math.floor(rate * 0.2 * -Math.log(random.nextDouble())),
            (float) Math.floor(rate * 3 * -Math.log(random.nextDouble())),
            (float) Math.floor(rate * 10 * -Math.log(random.nextDouble())),
            (float) Math.floor((robot ? 1 : 3) * -Math.log(random.nextDouble())),
            (float) Math.sin(hour),
            (float) Math.cos(hour),
            random.nextDouble() < (robot ? 0.2 : 0.7) ? 1f : 0f
        };
    }

    /** Rows for parity checks: ordinary rows plus zeros, huge counts and odd values. */
    static float[][] parityRows(int n, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] row = row(random, random.nextBoolean());
            switch (i % 5) {
                case 0 -> java.util.Arrays.fill(row, 0f);
                case 1 -> {
                    for (int j = 0; j < 4; j++) {
                        row[j] = (float) Math.floor(Math.pow(10, random.nextDouble() * 7));
                    }
                }
                case 2 -> row[random.nextInt(FEATURES)] = (float) (random.nextGaussian() * 50);
                default -> {}
            }
            rows[i] = row;
        }
        return rows;
    }
}
