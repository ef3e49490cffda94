package dev.slidr.training.pipeline;

/**
 * A reviewer's verdicts turned into strong labels on the training and calibration rows (never on
 * the holdout, which measures the model as the weak labels and the truth see it).
 *
 * <p>A row whose entity was judged robot becomes robot-labelled, unless a purchase followed the
 * click: a purchase vouches for the click itself, a verdict for the entity, so the purchase wins
 * and the row stays human (counted in {@link Applied#purchaseWins}). A row whose entity was judged
 * human becomes human-labelled. Both are strong: they weigh {@code --verdict-weight} in the fit.
 *
 * <p>In the calibration a strong human label counts as a human click like a purchasing click when
 * {@code humansInFpr} is set: the FPR the thresholds are held to is then measured on purchasing and
 * judged-human clicks together. Otherwise they train the network only and the FPR stays the
 * purchasing clicks' (see docs/training.md, "The review queue", for why and what each did).
 */
final class StrongLabels {

    /** What the verdicts changed. */
    record Applied(long robot, long human, long purchaseWins, long labelsChanged) {}

    private StrongLabels() {}

    static Applied apply(FeatureTable table, boolean humansInFpr, int[]... parts) {
        long robot = 0;
        long human = 0;
        long purchaseWins = 0;
        long changed = 0;
        for (int[] rows : parts) {
            for (int i : rows) {
                if (table.strong[i]) {
                    // validation rows are also calibration rows: label each row once
                    continue;
                }
                if (table.verdict[i] == EntityVerdicts.ROBOT) {
                    if (table.purchasing[i]) {
                        purchaseWins++;
                        continue;
                    }
                    changed += table.label[i] != WeakLabels.NON_HUMAN ? 1 : 0;
                    table.label[i] = WeakLabels.NON_HUMAN;
                    table.strong[i] = true;
                    robot++;
                } else if (table.verdict[i] == EntityVerdicts.HUMAN) {
                    changed += table.label[i] != WeakLabels.HUMAN ? 1 : 0;
                    table.label[i] = WeakLabels.HUMAN;
                    table.strong[i] = true;
                    if (humansInFpr) {
                        table.purchasing[i] = true;
                    }
                    human++;
                }
            }
        }
        return new Applied(robot, human, purchaseWins, changed);
    }
}
