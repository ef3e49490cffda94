package dev.slidr.training.pipeline;

import ai.onnxruntime.OrtException;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.KktReport;
import dev.slidr.registry.calibration.QuadraticFit;
import dev.slidr.registry.calibration.SliceCalibration;
import dev.slidr.rules.slice.Slicing;
import dev.slidr.training.CalibrationInfeasibleException;
import dev.slidr.training.ClopperPearson;
import dev.slidr.training.EpochListener;
import dev.slidr.training.FeatureNormalizer;
import dev.slidr.training.FittedModel;
import dev.slidr.training.FprBoundPolicy;
import dev.slidr.training.OnnxModelExporter;
import dev.slidr.training.OnnxModelMetadata;
import dev.slidr.training.OnnxParityCheck;
import dev.slidr.training.ScoringModelTrainer;
import dev.slidr.training.SliceCalibrator;
import dev.slidr.training.SliceCurve;
import dev.slidr.training.TrainingHistory;
import dev.slidr.training.TrainingOptions;
import dev.slidr.training.TrainingSet;
import dev.slidr.training.VelocityHeuristic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The model owner's daily run up to the bundle: features with the live code, weak labels, cell
 * weights, a time split, the network and the logistic-regression baseline, per-slice calibration
 * under the FPR budget, holdout evaluation beside both baselines, ONNX export with a parity check,
 * and the guardrails that can be judged before a bundle exists.
 *
 * <pre>{@code
 * TrainedModel model = new TrainingPipeline(TrainingConfig.defaults(), new PrintWriter(System.err, true))
 *         .train(inputs, null, null, stableOrNull);
 * }</pre>
 */
public final class TrainingPipeline {

    /** The report's reason for a click left out as a time outlier. */
    public static final String TIME_OUTLIER = "time_outlier";

    private static final long DAY_MILLIS = 86_400_000L;

    /** Whether each column of the current schema is a count (log1p in the graph). */
    static boolean[] countColumns() {
        boolean[] mask = new boolean[FeatureSchema.CURRENT.size()];
        // the per-user and per-IP counters, then the per-ad ones
        for (int j = 0; j <= FeatureSchema.IP_DISTINCT_SESSIONS_24H; j++) {
            mask[j] = true;
        }
        for (int j = FeatureSchema.AD_CLICKS_1H; j <= FeatureSchema.AD_ANONYMOUS_CLICKS_24H; j++) {
            mask[j] = true;
        }
        return mask;
    }

    private final TrainingConfig config;
    private final PrintWriter progress;
    private final long startNanos = System.nanoTime();

    // the slices of the scheme this run calibrates: the configured one until the rows are loaded,
    // then the one chosen for them (SlicingChoice)
    private SliceIndex slices;

    public TrainingPipeline(TrainingConfig config, PrintWriter progress) {
        this.config = config;
        this.progress = progress;
        this.slices =
                config.slicing() == SliceScheme.AUTO
                        ? SliceIndex.DEVICE_AND_LOGIN
                        : SliceIndex.of(config.slicing().slicing());
    }

    // a reviewer's verdicts on the rows' entities: strong labels (StrongLabels), off when 0
    private double verdictWeight;
    private boolean verdictHumansInFpr;

    /**
     * Turns the rows' verdict flags into strong labels of relative weight {@code weight} on the
     * training and calibration rows; {@code humansInFpr} counts judged humans with the purchasing
     * clicks in the calibration's FPR.
     */
    public TrainingPipeline strongLabels(double weight, boolean humansInFpr) {
        this.verdictWeight = weight;
        this.verdictHumansInFpr = humansInFpr;
        return this;
    }

    /**
     * Trains, calibrates and evaluates.
     *
     * @param from first event time of the rows, or null for the earliest click
     * @param to end of the rows (exclusive), or null for just after the latest click
     * @param stable the stable model's figures, or null when there is none
     * @throws InvalidTrainingInputException when no usable rows are left
     */
    public TrainedModel train(
            TrainingInputs inputs, Instant from, Instant to, StableReference stable)
            throws OrtException {
        if (inputs.clicks().isEmpty()) {
            throw noClicks(inputs.report());
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("slidr-train-rows");
            FeaturePass.Result rows = FeaturePass.run(inputs, config, dir.resolve("rows.bin"));
            return train(rows, from, to, stable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * Trains, calibrates and evaluates on the rows of a feature pass: the training rows sampled to
     * {@code --max-train-rows}, validation and holdout held with their features, and the other
     * calibration rows (at most {@link #MAX_CALIBRATION_ONLY_ROWS}) without them, scored in a pass
     * over the file.
     *
     * @throws InvalidTrainingInputException when no usable rows are left
     */
    public TrainedModel train(
            FeaturePass.Result pass, Instant from, Instant to, StableReference stable)
            throws OrtException, IOException {
        if (pass.rows() == 0) {
            throw noClicks(pass.report());
        }
        TimeRange range = timeRange(pass, from, to);
        long start = range.start();
        long end = range.end();
        stage(
                "features of %,d clicks (%s .. %s, zone %s)",
                pass.rows(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), config.zone());
        Counts counts = count(pass.rowFile(), start, end);
        if (counts.rows() == 0) {
            throw new InvalidTrainingInputException(
                    "no clicks between "
                            + Instant.ofEpochMilli(start)
                            + " and "
                            + Instant.ofEpochMilli(end));
        }
        SplitRows rows = split(counts, start, end);
        Selection selection = select(counts);
        FeatureTable table = load(pass.rowFile(), range, selection);
        rows = selection.rows(rows.split());
        SlicingChoice slicing = chooseSlicing(table, selection.calibrationIndex);
        Fit fit = fit(table, rows, counts.train());
        Scores scores = score(pass.rowFile(), range, selection, table, rows, fit);
        String version = modelVersion(counts.rows(), start, end);
        Calibrations calibrations = calibrateSlices(version, table, rows, scores);
        Evaluations evaluations = evaluate(table, rows, scores, calibrations, absentSlices(counts));
        OnnxExport export = export(version, table, rows, fit);
        List<GuardrailResult> guardrails =
                guardrails(counts, rows, scores, evaluations, export, stable);
        return new TrainedModel(
                version,
                Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(end),
                rows.split(),
                table,
                fit.train().length,
                fit.network(),
                fit.logistic(),
                export.onnx(),
                calibrations.network(),
                evaluations.network(),
                evaluations.logistic(),
                evaluations.rule(),
                TrainingRows.medianRow(fit.trainSet().x()),
                guardrails,
                pass.report(),
                scores.network(),
                scores.calibrationRows(),
                rows.holdout(),
                slicing);
    }

    /**
     * The slicing of this run: the configured scheme, or for {@code auto} the finest one the
     * calibration rows' purchasing clicks fit ({@link SlicingChoice#auto}). The table's slice ids
     * become the chosen scheme's from here on; the row file keeps device × login cells.
     */
    private SlicingChoice chooseSlicing(FeatureTable table, int[] calibrationRows) {
        SlicingChoice choice;
        if (config.slicing() == SliceScheme.AUTO) {
            int cells = SliceIndex.DEVICE_AND_LOGIN.size();
            long[] clicks = new long[cells];
            long[] purchasing = new long[cells];
            for (int i : calibrationRows) {
                clicks[table.slice[i]]++;
                purchasing[table.slice[i]] += table.purchasing[i] ? 1 : 0;
            }
            choice =
                    SlicingChoice.auto(
                            clicks,
                            purchasing,
                            SlicingChoice.minPurchasingClicks(
                                    maxSliceFpr(), config.fprBound().confidence()));
        } else {
            choice = SlicingChoice.given(config.slicing());
        }
        slices = choice.slices();
        for (int i = 0; i < table.rows(); i++) {
            table.slice[i] = slices.ofCell(table.slice[i]);
        }
        stage("slicing %s: %s", choice.schemeName(), choice.reason());
        return choice;
    }

    private static InvalidTrainingInputException noClicks(InputReport report) {
        return new InvalidTrainingInputException(
                "no valid clicks in the input ("
                        + report.rejectedTotal(TrainingInputs.CLICKS)
                        + " rejected)");
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary file left behind is not worth failing a finished run for
        }
    }

    /**
     * At most this many training rows left out of the sample calibrate the thresholds beside the
     * validation day (a seeded uniform choice when there are more). A simulated week has about
     * 870,000; thirty days about 5.5 million. Each costs about 60 bytes of heap (no features: their
     * scores come from a pass over the row file).
     */
    public static final int MAX_CALIBRATION_ONLY_ROWS = 3_000_000;

    /** The rows' event times in epoch milliseconds, {@code end} exclusive. */
    private record TimeRange(long start, long end) {
        boolean contains(long ts) {
            return ts >= start && ts < end;
        }
    }

    /** The time split and the rows of each of its parts. */
    private record SplitRows(TimeSplit split, int[] trainAll, int[] validation, int[] holdout) {}

    /** The fitted network and logistic regression, with the sampled training rows they saw. */
    private record Fit(
            int[] train, TrainingSet trainSet, FittedModel network, FittedModel logistic) {}

    /** Scores of every model by row, and the rows that calibrate the thresholds. */
    private record Scores(
            int[] calibrationRows, double[] network, double[] logistic, double[] rule) {}

    /** The per-slice calibrations of the network and of the logistic regression. */
    private record Calibrations(CalibrationResult network, CalibrationResult logistic) {}

    /** Holdout figures of the network and both baselines. */
    private record Evaluations(Evaluation network, Evaluation logistic, Evaluation rule) {}

    /** The network as ONNX bytes, and how far ONNX Runtime's scores are from the trainer's. */
    private record OnnxExport(byte[] onnx, double parity, int parityRows) {}

    /** Counts over the rows in range, by split part; {@code sliceClicks} by device × login cell. */
    private record Counts(
            TimeSplit split,
            long rows,
            int train,
            int validation,
            int holdout,
            long human,
            long purchasing,
            long[] cellClicks,
            long[] cellHuman,
            long[][] sliceClicks,
            long[] sampleCells) {}

    /**
     * Which rows in range the table holds: the stratified sample of the training rows, the chosen
     * calibration-only ordinals among the rest of the training part (sorted, null for all), and
     * after loading the table's row indexes of each kind.
     */
    private static final class Selection {
        final StratifiedSample sample;
        final int[] calibrationOnly;
        final int calibrationOnlyCount;
        final int validation;
        final int holdout;
        int[] trainIndex;
        int[] calibrationIndex;
        int[] validationIndex;
        int[] holdoutIndex;

        Selection(
                StratifiedSample sample,
                int[] calibrationOnly,
                int count,
                int validation,
                int holdout) {
            this.sample = sample;
            this.calibrationOnly = calibrationOnly;
            this.calibrationOnlyCount = count;
            this.validation = validation;
            this.holdout = holdout;
        }

        int size() {
            return sample.size() + calibrationOnlyCount + validation + holdout;
        }

        SplitRows rows(TimeSplit split) {
            return new SplitRows(split, trainIndex, validationIndex, holdoutIndex);
        }
    }

    /** What a row of the file is to the table. */
    private enum Kind {
        SAMPLED,
        CALIBRATION_ONLY,
        VALIDATION,
        HOLDOUT,
        NONE
    }

    /** Walks the rows in range, telling each one's kind in the selection. */
    private interface RowVisitor {
        void visit(dev.slidr.training.rows.RowFile.Row row, Kind kind) throws IOException;
    }

    private static void walk(
            Path file, TimeRange range, TimeSplit split, Selection sel, RowVisitor v)
            throws IOException {
        int restOrdinal = 0;
        int chosenAt = 0;
        StratifiedSample.Picker picker = sel.sample.picker();
        try (var in = new dev.slidr.training.rows.RowFile.Reader(file)) {
            for (var row = in.next(); row != null; row = in.next()) {
                if (!range.contains(row.ts)) {
                    continue;
                }
                TimeSplit.Part part = split.part(row.ts);
                Kind kind;
                if (part == TimeSplit.Part.TRAIN) {
                    if (picker.take(
                            SampleWeights.cell(
                                    row.hourOfDay, row.dayOfWeek, row.loggedIn(), row.label()))) {
                        kind = Kind.SAMPLED;
                    } else {
                        int r = restOrdinal++;
                        if (sel.calibrationOnly == null) {
                            kind = Kind.CALIBRATION_ONLY;
                        } else if (chosenAt < sel.calibrationOnly.length
                                && sel.calibrationOnly[chosenAt] == r) {
                            chosenAt++;
                            kind = Kind.CALIBRATION_ONLY;
                        } else {
                            kind = Kind.NONE;
                        }
                    }
                } else if (part == TimeSplit.Part.VALIDATION) {
                    kind = Kind.VALIDATION;
                } else {
                    kind = Kind.HOLDOUT;
                }
                v.visit(row, kind);
            }
        }
    }

    /**
     * The time range of the rows: the given bounds, else the clicks' own without the time outliers.
     * A handful of clicks dated years away from the rest (a clock reset, a typo in an import) would
     * stretch the range until every real click fell into the training part and the split had an
     * empty part; they are counted as {@code time_outlier} and left out of the rows instead. The
     * quantiles are exact, from two passes over the row file holding 0.2 % of the times.
     */
    private TimeRange timeRange(FeaturePass.Result pass, Instant from, Instant to)
            throws IOException {
        long n = pass.rows();
        int lowRank = (int) (n * 0.001);
        int highRank = (int) Math.max(0, (long) Math.ceil(n * 0.999) - 1);
        // the lowRank+1 smallest times (largest on top), the n-highRank largest (smallest on top)
        java.util.PriorityQueue<Long> low =
                new java.util.PriorityQueue<>(java.util.Comparator.reverseOrder());
        java.util.PriorityQueue<Long> high = new java.util.PriorityQueue<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        try (var in = new dev.slidr.training.rows.RowFile.Reader(pass.rowFile())) {
            for (var row = in.next(); row != null; row = in.next()) {
                long t = row.ts;
                min = Math.min(min, t);
                max = Math.max(max, t);
                if (low.size() < lowRank + 1) {
                    low.add(t);
                } else if (t < low.peek()) {
                    low.poll();
                    low.add(t);
                }
                if (high.size() < n - highRank) {
                    high.add(t);
                } else if (t > high.peek()) {
                    high.poll();
                    high.add(t);
                }
            }
        }
        long[] body = body(low.peek(), high.peek());
        long first = min;
        long last = max;
        long early = 0;
        long late = 0;
        long bodyMin = Long.MAX_VALUE;
        long bodyMax = Long.MIN_VALUE;
        try (var in = new dev.slidr.training.rows.RowFile.Reader(pass.rowFile())) {
            for (var row = in.next(); row != null; row = in.next()) {
                long t = row.ts;
                if (from == null && t < body[0]) {
                    early++;
                } else if (to == null && t > body[1]) {
                    late++;
                }
                if (t >= body[0]) {
                    bodyMin = Math.min(bodyMin, t);
                }
                if (t <= body[1]) {
                    bodyMax = Math.max(bodyMax, t);
                }
            }
        }
        if (from == null) {
            min = bodyMin;
        }
        if (to == null) {
            max = bodyMax;
        }
        if (early + late > 0) {
            for (long i = 0; i < early + late; i++) {
                pass.report().unaccept(TrainingInputs.CLICKS, TIME_OUTLIER);
            }
            stage(
                    "left out %,d clicks far from the others' time range %s .. %s (%,d earlier,"
                            + " %,d later, from %s to %s): give --from and --to to choose the"
                            + " range",
                    early + late,
                    Instant.ofEpochMilli(min),
                    Instant.ofEpochMilli(max),
                    early,
                    late,
                    Instant.ofEpochMilli(first),
                    Instant.ofEpochMilli(last));
        }
        long start = from == null ? min : from.toEpochMilli();
        long end = to == null ? max + 1 : to.toEpochMilli();
        if (end <= start) {
            throw new InvalidTrainingInputException(
                    "empty time range: --from "
                            + Instant.ofEpochMilli(start)
                            + " is not before --to "
                            + Instant.ofEpochMilli(end));
        }
        return new TimeRange(start, end);
    }

    /**
     * The bounds outside which a click is a time outlier: the span of the middle 99.8% of the
     * sorted times, widened on each side by that span (at least a day).
     */
    static long[] body(long[] sorted) {
        int n = sorted.length;
        return body(sorted[(int) (n * 0.001)], sorted[Math.max(0, (int) Math.ceil(n * 0.999) - 1)]);
    }

    private static long[] body(long lo, long hi) {
        long margin = Math.max(hi - lo, DAY_MILLIS);
        return new long[] {lo - margin, hi + margin};
    }

    /** Counts the rows in range by split part, slice, hour-of-week cell and label. */
    private Counts count(Path file, long start, long end) throws IOException {
        TimeSplit split = TimeSplit.of(start, end);
        int[] parts = new int[3];
        long human = 0;
        long purchasing = 0;
        long[] cellClicks = new long[168];
        long[] cellHuman = new long[168];
        long[][] sliceClicks = new long[3][SliceIndex.DEVICE_AND_LOGIN.size()];
        long[] sampleCells = new long[SampleWeights.CELLS];
        long rows = 0;
        try (var in = new dev.slidr.training.rows.RowFile.Reader(file)) {
            for (var row = in.next(); row != null; row = in.next()) {
                if (row.ts < start || row.ts >= end) {
                    continue;
                }
                rows++;
                int p = split.part(row.ts).ordinal();
                parts[p]++;
                sliceClicks[p][row.slice]++;
                boolean isHuman = row.label() < 0.5f;
                human += isHuman ? 1 : 0;
                purchasing += row.purchasing() ? 1 : 0;
                if (p == TimeSplit.Part.TRAIN.ordinal()) {
                    int cell = row.dayOfWeek * 24 + row.hourOfDay;
                    cellClicks[cell]++;
                    cellHuman[cell] += isHuman ? 1 : 0;
                    sampleCells[
                            SampleWeights.cell(
                                    row.hourOfDay, row.dayOfWeek, row.loggedIn(), row.label())]++;
                }
            }
        }
        return new Counts(
                split,
                rows,
                parts[TimeSplit.Part.TRAIN.ordinal()],
                parts[TimeSplit.Part.VALIDATION.ordinal()],
                parts[TimeSplit.Part.HOLDOUT.ordinal()],
                human,
                purchasing,
                cellClicks,
                cellHuman,
                sliceClicks,
                sampleCells);
    }

    /** The sampled training rows and the calibration-only rows, as ordinals. */
    private Selection select(Counts counts) {
        StratifiedSample sample =
                config.stratifiedSample()
                        ? StratifiedSample.plan(
                                counts.sampleCells(), config.maxTrainRows(), config.seed())
                        : StratifiedSample.uniform(
                                counts.train(), config.maxTrainRows(), config.seed());
        if (sample.size() < counts.train()) {
            stage(
                    "training on %,d of the %,d training rows: %s",
                    sample.size(), counts.train(), sample);
        }
        int rest = counts.train() - sample.size();
        int[] chosen = null;
        int count = rest;
        if (rest > MAX_CALIBRATION_ONLY_ROWS) {
            chosen =
                    TrainingRows.sampleOrdinals(rest, MAX_CALIBRATION_ONLY_ROWS, config.seed() + 1);
            count = chosen.length;
            stage(
                    "calibrating on %,d of the %,d training rows left out of the fit (at most"
                            + " %,d)",
                    count, rest, MAX_CALIBRATION_ONLY_ROWS);
        }
        return new Selection(sample, chosen, count, counts.validation(), counts.holdout());
    }

    /** Loads the selected rows, in file order; calibration-only rows without features. */
    private FeatureTable load(Path file, TimeRange range, Selection sel) throws IOException {
        FeatureTable table = new FeatureTable(sel.size());
        int[] train = new int[sel.sample.size()];
        int[] calibration = new int[sel.calibrationOnlyCount + sel.validation];
        int[] validation = new int[sel.validation];
        int[] holdout = new int[sel.holdout];
        int[] at = new int[5];
        int[] next = {0};
        TimeSplit split = TimeSplit.of(range.start(), range.end());
        walk(
                file,
                range,
                split,
                sel,
                (row, kind) -> {
                    if (kind == Kind.NONE) {
                        return;
                    }
                    int i = next[0]++;
                    table.set(i, row, kind != Kind.CALIBRATION_ONLY);
                    switch (kind) {
                        case SAMPLED -> train[at[0]++] = i;
                        case CALIBRATION_ONLY -> calibration[at[1]++] = i;
                        case VALIDATION -> validation[at[2]++] = i;
                        case HOLDOUT -> holdout[at[3]++] = i;
                        default -> {}
                    }
                });
        System.arraycopy(validation, 0, calibration, at[1], validation.length);
        sel.trainIndex = train;
        sel.calibrationIndex = calibration;
        sel.validationIndex = validation;
        sel.holdoutIndex = holdout;
        if (verdictWeight > 0) {
            StrongLabels.Applied a =
                    StrongLabels.apply(table, verdictHumansInFpr, train, calibration);
            stage(
                    "verdicts: %,d training and calibration rows labelled robot, %,d human (%,d"
                            + " labels changed, weight %s); a purchase kept %,d judged-robot rows"
                            + " human; judged humans %s the calibration's FPR",
                    a.robot(),
                    a.human(),
                    a.labelsChanged(),
                    verdictWeight,
                    a.purchaseWins(),
                    verdictHumansInFpr ? "count in" : "stay out of");
        }
        return table;
    }

    /** Splits the rows by time into training, validation and holdout; none may be empty. */
    private SplitRows split(Counts counts, long start, long end) {
        TimeSplit split = counts.split();
        if (counts.train() == 0 || counts.validation() == 0 || counts.holdout() == 0) {
            throw new InvalidTrainingInputException(
                    "a split part is empty (training "
                            + counts.train()
                            + ", validation "
                            + counts.validation()
                            + ", holdout "
                            + counts.holdout()
                            + " rows): the clicks do not cover the time range");
        }
        stage(
                "%,d rows: %,d human-labelled (%,d purchasing), split %s: training %,d,"
                        + " validation %,d, holdout %,d",
                counts.rows(),
                counts.human(),
                counts.purchasing(),
                split.byDay() ? "by day" : "by fraction",
                counts.train(),
                counts.validation(),
                counts.holdout());
        return new SplitRows(split, null, null, null);
    }

    /** Fits the network and the logistic-regression baseline on a sample of the training rows. */
    private Fit fit(FeatureTable table, SplitRows rows, int trainAll) {
        // the table holds the sampled training rows only (rows.trainAll())
        int[] train = rows.trainAll();
        TrainingSet trainSet =
                TrainingRows.weighted(table, train, config.rfmLabelWeight(), verdictWeight);
        TrainingSet validationSet =
                TrainingRows.weighted(
                        table, rows.validation(), config.rfmLabelWeight(), verdictWeight);
        FeatureNormalizer normalizer = FeatureNormalizer.fit(trainSet.x(), countColumns(), 1e-3);
        if (!config.learnDayOfWeek()) {
            // A week of history holds each weekday once, the demo's three days train on a single
            // one, and the holdout day's weekday is never among the training days: a network free
            // to use the weekday learns those days' mix and extrapolates on the next (it moved the
            // anonymous slices' FPR on the holdout day to two or three times the calibrated value)
            normalizer =
                    normalizer.ignoring(
                            FeatureSchema.DAY_OF_WEEK_SIN, FeatureSchema.DAY_OF_WEEK_COS);
        }
        int batchSize = LabelledBatchSize.of(config.batchSize(), trainSet);
        if (batchSize != config.batchSize()) {
            stage(
                    "mini-batches of %,d rows instead of %,d: %s",
                    batchSize, config.batchSize(), LabelledBatchSize.reason(trainSet));
        }
        TrainingOptions options =
                TrainingOptions.defaults()
                        .withLearningRate(config.learningRate())
                        .withL2(config.l2())
                        .withBatchSize(batchSize)
                        .withEpochs(config.maxEpochs(), config.patience())
                        .withSeed(config.seed())
                        .withParallelism(4, config.threads());
        // the epoch listener is shared by all fits; this names the model it reports on
        String[] fitting = {"network"};
        ScoringModelTrainer trainer =
                new ScoringModelTrainer(
                        options,
                        new EpochListener() {
                            @Override
                            public void fitStarted(int member, int members) {
                                fitting[0] = networkName(member, members);
                            }

                            @Override
                            public void epochDone(
                                    int epoch,
                                    double trainLoss,
                                    double validationLoss,
                                    boolean best) {
                                progress.printf(
                                        Locale.ROOT,
                                        "           %s epoch %2d  train loss %.5f  validation loss"
                                                + " %.5f%s%n",
                                        fitting[0],
                                        epoch,
                                        trainLoss,
                                        validationLoss,
                                        best ? "  (best so far)" : "");
                                progress.flush();
                            }
                        });
        boolean single = config.networks() == 1;
        stage(
                "training %s %d-%d-%d-1 on %,d rows (of %,d), up to %d epochs%s, patience %d",
                single ? "network" : config.networks() + " networks",
                FeatureSchema.CURRENT.size(),
                config.hidden1(),
                config.hidden2(),
                train.length,
                trainAll,
                config.maxEpochs(),
                single ? "" : " each, averaged",
                config.patience());
        FittedModel network =
                trainer.networks(
                        config.networks(),
                        config.hidden1(),
                        config.hidden2(),
                        normalizer,
                        trainSet,
                        validationSet);
        for (int m = 0; m < network.histories().size(); m++) {
            kept(networkName(m + 1, config.networks()), network.histories().get(m));
        }
        stage("training logistic regression");
        fitting[0] = "logistic regression";
        FittedModel logistic = trainer.logisticRegression(normalizer, trainSet, validationSet);
        kept("logistic regression", logistic.history());
        return new Fit(train, trainSet, network, logistic);
    }

    /**
     * Scores the calibration and holdout rows with both models, and every row with features with
     * the rule. The calibration-only rows have no features in the table: a pass over the row file
     * scores them in batches.
     */
    private Scores score(
            Path file, TimeRange range, Selection sel, FeatureTable table, SplitRows rows, Fit fit)
            throws IOException {
        stage("scoring the calibration and holdout rows");
        // calibration rows: validation, and the training rows the sample left out (the fit never
        // saw them); several weekdays of purchasing clicks instead of one
        int[] calibrationRows = sel.calibrationIndex;
        double[] netScores =
                TrainingRows.scoreRows(
                        fit.network().model(), table, rows.validation(), rows.holdout());
        double[] lrScores =
                TrainingRows.scoreRows(
                        fit.logistic().model(), table, rows.validation(), rows.holdout());
        if (sel.calibrationOnlyCount > 0) {
            int batch = 8192;
            float[][] x = new float[batch][];
            int[] index = new int[batch];
            int[] n = {0};
            int[] next = {0};
            RowVisitor flush =
                    (row, kind) -> {
                        float[][] part = java.util.Arrays.copyOf(x, n[0]);
                        double[] net = fit.network().model().score(part);
                        double[] lr = fit.logistic().model().score(part);
                        for (int k = 0; k < n[0]; k++) {
                            netScores[index[k]] = net[k];
                            lrScores[index[k]] = lr[k];
                        }
                        n[0] = 0;
                    };
            walk(
                    file,
                    range,
                    rows.split(),
                    sel,
                    (row, kind) -> {
                        if (kind == Kind.NONE) {
                            return;
                        }
                        int i = next[0]++;
                        if (kind != Kind.CALIBRATION_ONLY) {
                            return;
                        }
                        x[n[0]] = row.x.clone();
                        index[n[0]++] = i;
                        if (n[0] == batch) {
                            flush.visit(null, null);
                        }
                    });
            if (n[0] > 0) {
                flush.visit(null, null);
            }
        }
        VelocityHeuristic rule =
                VelocityHeuristic.of(
                        FeatureSchema.CURRENT.names(),
                        FeatureSchema.CURRENT.names().get(FeatureSchema.USER_CLICKS_1H),
                        config.velocityK());
        double[] ruleScores = new double[table.rows()];
        for (int i = 0; i < table.rows(); i++) {
            // calibration-only rows are never evaluated with the rule
            ruleScores[i] = table.x[i] == null ? 0 : rule.score(table.x[i]);
        }
        return new Scores(calibrationRows, netScores, lrScores, ruleScores);
    }

    /** Calibrates the network's and the logistic regression's per-slice thresholds. */
    private Calibrations calibrateSlices(
            String version, FeatureTable table, SplitRows rows, Scores scores) {
        int[] calibrationRows = scores.calibrationRows();
        stage(
                "calibrating %d slices on %,d rows (validation and %,d training rows left out"
                        + " of the fit) at FPR %.4f (budget %s x headroom %s), at most %.4f per"
                        + " slice",
                slices.size(),
                calibrationRows.length,
                calibrationRows.length - rows.validation().length,
                config.fprBudget() * config.calibrationHeadroom(),
                config.fprBudget(),
                config.calibrationHeadroom(),
                maxSliceFpr());
        return new Calibrations(
                calibrate(version, scores.network(), table, calibrationRows),
                calibrate(version + "-lr", scores.logistic(), table, calibrationRows));
    }

    /** Holdout figures of the network and both baselines, each deciding by its own thresholds. */
    private Evaluations evaluate(
            FeatureTable table,
            SplitRows rows,
            Scores scores,
            Calibrations calibrations,
            List<String> absent) {
        boolean[] netInvalid = decide(scores.network(), table, calibrations.network());
        boolean[] lrInvalid = decide(scores.logistic(), table, calibrations.logistic());
        double[] ruleScores = scores.rule();
        boolean[] ruleInvalid = new boolean[table.rows()];
        for (int i = 0; i < table.rows(); i++) {
            ruleInvalid[i] = ruleScores[i] >= 0.5;
        }
        stage("evaluating on holdout");
        int[] holdout = rows.holdout();
        double confidence = config.fprBound().confidence();
        return new Evaluations(
                Evaluation.of(table, holdout, scores.network(), netInvalid, confidence, slices)
                        .withAbsent(absent),
                Evaluation.of(table, holdout, scores.logistic(), lrInvalid, confidence, slices)
                        .withAbsent(absent),
                Evaluation.of(table, holdout, ruleScores, ruleInvalid, confidence, slices)
                        .withAbsent(absent));
    }

    /** The slices without a click in any split: absent from the data, not short of samples. */
    private List<String> absentSlices(Counts counts) {
        List<String> absent = new ArrayList<>();
        long[][] c = slices.ofCells(counts.sliceClicks());
        for (int s = 0; s < slices.size(); s++) {
            if (c[0][s] == 0 && c[1][s] == 0 && c[2][s] == 0) {
                absent.add(slices.name(s));
            }
        }
        return absent;
    }

    /**
     * Exports the network to ONNX and measures ONNX Runtime against the trainer on holdout rows.
     */
    private OnnxExport export(String version, FeatureTable table, SplitRows rows, Fit fit)
            throws OrtException {
        stage("exporting ONNX and checking parity");
        OnnxModelMetadata metadata =
                new OnnxModelMetadata(
                        version,
                        FeatureSchema.CURRENT.version(),
                        FeatureSchema.CURRENT.names(),
                        "mlp");
        byte[] onnx = OnnxModelExporter.toBytes(fit.network().model(), metadata);
        float[][] parityRows = TrainingRows.spread(table, rows.holdout(), config.parityRows());
        double parity = OnnxParityCheck.maxAbsDifference(onnx, fit.network().model(), parityRows);
        return new OnnxExport(onnx, parity, parityRows.length);
    }

    /** The guardrails that can be judged before a bundle exists. */
    private List<GuardrailResult> guardrails(
            Counts counts,
            SplitRows rows,
            Scores scores,
            Evaluations evaluations,
            OnnxExport export,
            StableReference stable) {
        List<GuardrailResult> guardrails = new ArrayList<>();
        guardrails.add(
                Guardrails.humanDensityScaled(
                        counts.cellClicks(),
                        counts.cellHuman(),
                        config.humanDensityFloor(),
                        config.referenceLabelDensity()));
        guardrails.add(
                Guardrails.sliceSamples(
                        slices.ofCells(counts.sliceClicks()), config.minSliceClicks(), slices));
        guardrails.addAll(
                Guardrails.versusStable(
                        evaluations.network().combined(),
                        stable,
                        config.maxAucDrop(),
                        config.maxIvrDrop()));
        guardrails.add(
                Guardrails.holdoutFpr(
                        evaluations.network().combined(), config.fprBudget(), config.fprBound()));
        guardrails.add(
                config.checkSliceFpr()
                        ? Guardrails.sliceHoldoutFpr(
                                evaluations.network(), maxSliceFpr(), config.fprBound())
                        : new GuardrailResult(
                                Guardrails.SLICE_HOLDOUT_FPR,
                                true,
                                "not checked (--check-slice-fpr judges every slice against"
                                        + " its cap)"));
        guardrails.add(
                Guardrails.finiteOutputs(
                        List.of("network", "logistic regression"),
                        List.of(
                                TrainingRows.pick(
                                        scores.network(), rows.validation(), rows.holdout()),
                                TrainingRows.pick(
                                        scores.logistic(), rows.validation(), rows.holdout()))));
        guardrails.add(
                Guardrails.onnxParity(
                        export.parity(), export.parityRows(), config.parityTolerance()));
        return guardrails;
    }

    /** Writes a stage line with the elapsed time. */
    void stage(String format, Object... args) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        progress.printf(Locale.ROOT, "[%6.1f s] " + format + "%n", prepend(s, args));
        progress.flush();
    }

    private static Object[] prepend(double s, Object[] args) {
        Object[] out = new Object[args.length + 1];
        out[0] = s;
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    private void kept(String what, TrainingHistory history) {
        progress.printf(
                Locale.ROOT,
                "           %s: kept epoch %d of %d%s%n",
                what,
                history.bestEpoch() + 1,
                history.epochsRun(),
                history.stoppedEarly() ? " (stopped early)" : "");
        progress.flush();
    }

    /** How stderr and the report name network {@code member} (from 1) of {@code members}. */
    static String networkName(int member, int members) {
        return members == 1 ? "network" : "network " + member + " of " + members;
    }

    /** The per-slice FPR cap of the calibration. */
    private double maxSliceFpr() {
        return Math.min(1.0, config.sliceFprCap() * config.fprBudget());
    }

    /**
     * Calibrates the slices that have purchasing clicks in {@code rows}; a slice without any cannot
     * have its FPR measured and gets {@link SliceCurve#NEVER} (it invalidates nothing). When the
     * coverage floors cannot be met within the budget, calibrates again without floors and says so.
     */
    CalibrationResult calibrate(String version, double[] scores, FeatureTable table, int[] rows) {
        int slices = this.slices.size();
        long[] clicks = new long[slices];
        long[] purchases = new long[slices];
        long[] fast = new long[slices];
        for (int i : rows) {
            clicks[table.slice[i]]++;
            purchases[table.slice[i]] += table.purchasing[i] ? 1 : 0;
            fast[table.slice[i]] += table.highVelocity[i] ? 1 : 0;
        }
        List<String> names = new ArrayList<>();
        int[] local = new int[slices];
        Arrays.fill(local, -1);
        double maxSliceFpr = maxSliceFpr();
        FprBoundPolicy bound = config.fprBound();
        for (int s = 0; s < slices; s++) {
            if (purchases[s] > 0 && bound.maxFalsePositives(purchases[s], maxSliceFpr) < 0) {
                // even a threshold above every purchasing click cannot show the cap holds
                stage(
                        "slice %s: %d purchasing clicks cannot bound its FPR under %.4f at %.0f%%"
                                + " (bound at 0 false positives %.4f); it invalidates nothing",
                        this.slices.name(s),
                        purchases[s],
                        maxSliceFpr,
                        100 * bound.confidence(),
                        ClopperPearson.upper(0, purchases[s], bound.confidence()));
            } else if (purchases[s] > 0) {
                local[s] = names.size();
                names.add(this.slices.name(s));
            }
        }
        if (names.isEmpty()) {
            throw new InvalidTrainingInputException(
                    Arrays.stream(purchases).sum() == 0
                            ? "no purchasing clicks in the calibration rows: FPR cannot be"
                                    + " calibrated"
                            : "too few purchasing clicks in the calibration rows to bound any"
                                    + " slice's FPR under its cap: FPR cannot be calibrated");
        }
        int n = 0;
        for (int i : rows) {
            if (local[table.slice[i]] >= 0) {
                n++;
            }
        }
        double[] s = new double[n];
        int[] id = new int[n];
        boolean[] p = new boolean[n];
        boolean[] f = new boolean[n];
        int k = 0;
        for (int i : rows) {
            if (local[table.slice[i]] >= 0) {
                s[k] = scores[i];
                id[k] = local[table.slice[i]];
                p[k] = table.purchasing[i];
                f[k] = table.highVelocity[i];
                k++;
            }
        }
        double budget = config.fprBudget() * config.calibrationHeadroom();
        double[] floors = new double[names.size()];
        Arrays.fill(floors, config.minCoverage());
        CalibrationResult result;
        try {
            result =
                    new SliceCalibrator(names, budget, floors)
                            .withMaxSliceFpr(maxSliceFpr)
                            .withFprBound(bound)
                            .withMinMarginalPrecision(config.minMarginalPrecision())
                            .withMinSlicePrecision(config.minSlicePrecision())
                            .withNotices(notice -> stage("calibration %s, %s", version, notice))
                            .calibrate(version, s, id, p, f);
        } catch (CalibrationInfeasibleException e) {
            stage("coverage floors infeasible (%s); calibrating without floors", e.getMessage());
            result =
                    new SliceCalibrator(names, budget, new double[names.size()])
                            .withMaxSliceFpr(maxSliceFpr)
                            .withFprBound(bound)
                            .withMinMarginalPrecision(config.minMarginalPrecision())
                            .withMinSlicePrecision(config.minSlicePrecision())
                            .withNotices(notice -> stage("calibration %s, %s", version, notice))
                            .calibrate(version, s, id, p, f);
        }
        List<SliceCalibration> all = new ArrayList<>();
        for (int sl = 0; sl < slices; sl++) {
            if (local[sl] >= 0) {
                all.add(result.slice(this.slices.name(sl)));
            } else {
                all.add(
                        new SliceCalibration(
                                this.slices.name(sl),
                                SliceCurve.NEVER,
                                0,
                                new QuadraticFit(0, 0, 0),
                                0,
                                0,
                                0,
                                fast[sl] == 0 ? Double.NaN : 0,
                                0,
                                clicks[sl],
                                0,
                                fast[sl],
                                0));
            }
        }
        KktReport kkt = result.kkt();
        CalibrationResult calibrated =
                new CalibrationResult(
                        result.version(),
                        result.budget(),
                        all,
                        result.fittedObjective(),
                        result.realizedObjective(),
                        result.exactObjective(),
                        result.exactDiscretized(),
                        result.realizedFpr(),
                        kkt,
                        // the slices are rules' scheme, named so that the job slices clicks by the
                        // same one
                        this.slices.schemeName());
        List<BusyAddressHold.Raise> raised = new ArrayList<>();
        calibrated = BusyAddressHold.hold(calibrated, scores, table, rows, budget, raised);
        for (BusyAddressHold.Raise r : raised) {
            stage(
                    "slice %s: %d purchasing clicks behind busy addresses at FPR %.4f; threshold"
                            + " raised %.4f -> %.4f (their FPR %.4f)",
                    r.slice(),
                    r.busyPurchasing(),
                    r.busyFprBefore(),
                    r.thresholdBefore(),
                    r.thresholdAfter(),
                    r.busyFprAfter());
        }
        return calibrated;
    }

    /**
     * Invalid when the score reaches its slice's threshold; the table's slice ids are those of the
     * scheme the calibration names.
     */
    static boolean[] decide(double[] scores, FeatureTable table, CalibrationResult calibration) {
        SliceIndex index = SliceIndex.of(Slicing.fromName(calibration.slicing()));
        double[] threshold = new double[index.size()];
        for (int s = 0; s < threshold.length; s++) {
            threshold[s] = calibration.slice(index.name(s)).threshold();
        }
        boolean[] out = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[i] >= threshold[table.slice[i]];
        }
        return out;
    }

    /**
     * {@code m<yyyyMMdd of the data end, UTC>-<8 hex>}: the hex digest covers the data range, the
     * row count, the configuration and the creation time, so a rerun on the same data gets a new
     * version (the registry never takes one version twice).
     */
    String modelVersion(long rows, long start, long end) {
        return modelVersion(rows, start, end, Instant.now());
    }

    String modelVersion(long rows, long start, long end, Instant createdAt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(
                    (start + "|" + end + "|" + rows + "|" + config + "|" + createdAt)
                            .getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(sha.digest()).substring(0, 8);
            String day =
                    DateTimeFormatter.ofPattern("yyyyMMdd")
                            .withZone(ZoneOffset.UTC)
                            .format(Instant.ofEpochMilli(end - 1));
            return "m" + day + "-" + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
