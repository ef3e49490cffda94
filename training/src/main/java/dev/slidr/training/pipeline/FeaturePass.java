package dev.slidr.training.pipeline;

import com.carrotsearch.hppc.LongByteHashMap;
import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.CsvTables;
import dev.slidr.contract.input.InputRow;
import dev.slidr.contract.input.JsonLinesReader;
import dev.slidr.contract.input.RecordReader;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.rules.dedupe.DuplicateClickFilter;
import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import dev.slidr.training.rows.ClickIdHash;
import dev.slidr.training.rows.RowFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The feature pass of a training run in bounded memory: the label sources first (conversions by
 * click id, RFM by customer, the ground truth by click id hash: their size is the conversions', the
 * customers' and 9 bytes a truth row in a primitive {@link LongByteHashMap}), then the click log as
 * a stream in event-time order ({@link ClickLog}) through the live dedupe rule, the GIVT screen and
 * the three keyed feature stages ({@link FeatureStages}), each row written to a {@link RowFile}.
 * Nothing per click stays on the heap but the truth's hash; every row is counted in the {@link
 * InputReport} exactly as {@link TrainingInputs} counts it.
 *
 * <pre>{@code
 * FeaturePass.Result rows = FeaturePass.run(request, config, screen, dedupe, dir.resolve("rows.bin"));
 * }</pre>
 */
public final class FeaturePass {

    /**
     * How far behind the newest click of its file a click may come and still be put in order: the
     * live job's watermark out-of-orderness default ({@code
     * slidr.kafka.watermark.out-of-orderness}).
     */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    /**
     * The files a {@code --clicks} value names: a file, a directory's regular non-hidden files, or
     * the files a glob in the path's last part matches, sorted by name.
     *
     * @throws IOException naming what is wrong (missing, an empty directory, a glob matching none)
     */
    public static List<Path> clickFiles(Path spec) throws IOException {
        return ClickLog.files(spec);
    }

    /** What the pass wrote and counted; {@code keys} is the most feature keys held at once. */
    public record Result(Path rowFile, long rows, InputReport report, long keys, long late) {}

    /** Conversions of one click id: how many rows, their purchases, the kept click's time. */
    private static final class Conversions {
        int rows;
        long[] purchases = new long[0];
        boolean seen;
        Long keptClickTs;
    }

    private FeaturePass() {}

    /**
     * Reads every input file and writes one row per click that passes the dedupe rule and the
     * screen, in event-time order.
     *
     * @param screen a click's reason to leave it out, or null to keep it
     */
    public static Result run(
            Path clicks,
            CsvMapping mapping,
            Path conversionsFile,
            Path rfmFile,
            Path truthFile,
            DuplicateClickPolicy dedupe,
            Function<Click, String> screen,
            TrainingConfig config,
            Duration outOfOrderness,
            Path rowFile)
            throws IOException {
        InputReport report = new InputReport();
        // the click log is listed first, as when it was read first
        report.declare(TrainingInputs.CLICKS);
        ContractReader reader = ContractReader.defaults();
        Map<String, Conversions> byClick = new HashMap<>();
        try (RecordReader<Conversion> in =
                TrainingInputs.isCsv(conversionsFile)
                        ? CsvTables.conversions(conversionsFile, reader)
                        : JsonLinesReader.conversions(conversionsFile, reader)) {
            drain(
                    in,
                    TrainingInputs.CONVERSIONS,
                    report,
                    c -> {
                        Conversions e =
                                byClick.computeIfAbsent(c.clickId(), k -> new Conversions());
                        e.rows++;
                        if (c.kind() == Conversion.Kind.PURCHASE) {
                            long[] m = java.util.Arrays.copyOf(e.purchases, e.purchases.length + 1);
                            m[e.purchases.length] = c.ts();
                            e.purchases = m;
                        }
                    });
        }
        Map<String, Double> scores = new HashMap<>();
        try (RecordReader<RfmRow> in =
                TrainingInputs.isCsv(rfmFile)
                        ? CsvTables.rfmRows(rfmFile, reader)
                        : JsonLinesReader.rfmRows(rfmFile, reader)) {
            drain(
                    in,
                    TrainingInputs.RFM,
                    report,
                    row -> {
                        if (scores.putIfAbsent(row.customerId(), row.score()) != null) {
                            report.unaccept(TrainingInputs.RFM, "duplicate_customer_id");
                        }
                    });
        }
        LongByteHashMap truth = truthFile == null ? null : readTruth(truthFile, report);
        Map<String, long[]> purchases = new HashMap<>();
        for (Map.Entry<String, Conversions> e : byClick.entrySet()) {
            if (e.getValue().purchases.length > 0) {
                purchases.put(e.getKey(), e.getValue().purchases);
            }
        }
        WeakLabels labels =
                new WeakLabels(config.attributionWindow(), config.rfmCut(), purchases, scores);
        FeatureStages stages =
                new FeatureStages(
                        labels,
                        c ->
                                truth == null
                                        ? -1
                                        : truth.getOrDefault(
                                                ClickIdHash.of(c.clickId()), (byte) -1),
                        TimeEncoding.in(config.zone()),
                        config.velocityK());
        // the live job drops repeated click ids before features; the log has no watermark, so the
        // filter's follows the latest click time with no out-of-orderness
        DuplicateClickFilter firsts = new DuplicateClickFilter(dedupe, Duration.ZERO);
        long rows;
        long late;
        try (ClickLog log = ClickLog.open(clicks, mapping, reader, report, outOfOrderness);
                RowFile.Writer out =
                        new RowFile.Writer(
                                rowFile,
                                RowFile.schemaNumber(FeatureSchema.CURRENT.version()),
                                FeatureSchema.CURRENT.size())) {
            for (Click c = log.next(); c != null; c = log.next()) {
                Conversions conv = byClick.get(c.clickId());
                if (conv != null) {
                    conv.seen = true;
                }
                if (!firsts.firstOccurrence(c.clickId(), c.ts())) {
                    report.unaccept(TrainingInputs.CLICKS, "duplicate_click_id");
                    continue;
                }
                String reason = screen.apply(c);
                if (reason != null) {
                    report.unaccept(TrainingInputs.CLICKS, reason);
                    continue;
                }
                if (conv != null) {
                    conv.keptClickTs = c.ts();
                }
                out.write(stages.add(c));
            }
            log.ended();
            rows = out.rows();
            late = log.late();
        }
        attribute(byClick, config.attributionWindow(), report);
        return new Result(rowFile, rows, report, stages.peakKeys(), late);
    }

    /**
     * Counts the conversions of clicks not in the log, and the purchases that cannot belong to
     * their click (as {@link TrainingInputs#attributed}). The labels need neither: a purchase
     * before its click or outside the window never makes a click human.
     */
    private static void attribute(
            Map<String, Conversions> byClick, Duration window, InputReport report) {
        for (Conversions e : byClick.values()) {
            if (!e.seen) {
                for (int i = 0; i < e.rows; i++) {
                    report.unaccept(TrainingInputs.CONVERSIONS, "unknown_click_id");
                }
                continue;
            }
            Set<Long> seen = new HashSet<>();
            for (long ts : e.purchases) {
                if (!seen.add(ts)) {
                    report.unaccept(
                            TrainingInputs.CONVERSIONS, ReasonCode.DUPLICATE_CONVERSION.wireName());
                } else if (e.keptClickTs != null && ts < e.keptClickTs) {
                    report.unaccept(
                            TrainingInputs.CONVERSIONS,
                            ReasonCode.CONVERSION_BEFORE_CLICK.wireName());
                } else if (e.keptClickTs != null && ts - e.keptClickTs > window.toMillis()) {
                    report.unaccept(
                            TrainingInputs.CONVERSIONS,
                            ReasonCode.CONVERSION_OUTSIDE_WINDOW.wireName());
                }
            }
        }
    }

    /**
     * Writes the rows of clicks already in memory (deduplicated and screened): sorted stably by
     * event time, through the same stages.
     */
    static Result run(TrainingInputs inputs, TrainingConfig config, Path rowFile)
            throws IOException {
        List<Click> sorted = new ArrayList<>(inputs.clicks());
        sorted.sort(Comparator.comparingLong(Click::ts));
        WeakLabels labels =
                new WeakLabels(
                        config.attributionWindow(),
                        config.rfmCut(),
                        inputs.purchases(),
                        inputs.rfmScores());
        FeatureStages stages =
                new FeatureStages(
                        labels,
                        c -> FeatureTable.truthOf(inputs.truth(), c.clickId()),
                        TimeEncoding.in(config.zone()),
                        config.velocityK());
        try (RowFile.Writer out =
                new RowFile.Writer(
                        rowFile,
                        RowFile.schemaNumber(FeatureSchema.CURRENT.version()),
                        FeatureSchema.CURRENT.size())) {
            for (Click c : sorted) {
                out.write(stages.add(c));
            }
            return new Result(rowFile, out.rows(), inputs.report(), stages.peakKeys(), 0);
        }
    }

    private static <T> void drain(
            RecordReader<T> in,
            String input,
            InputReport report,
            java.util.function.Consumer<T> out)
            throws IOException {
        try {
            while (in.hasNext()) {
                InputRow<T> row = in.next();
                report.read(input, row.isOk());
                if (row.isOk()) {
                    out.accept(row.parsed().value());
                } else {
                    report.reject(input, row.parsed().reasonOrNull().wireName());
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
        report.ended(input, in.counts().bytes(), in.counts().unreadBytes());
    }

    /**
     * {@code click_id,is_robot[,kind]}, by click id hash; a repeated id keeps its last row, as the
     * map of {@link TrainingInputs#readTruth} does.
     */
    static LongByteHashMap readTruth(Path file, InputReport report) throws IOException {
        // about 40 bytes a row of the simulator's truth file; the map grows if there are more
        LongByteHashMap truth =
                new LongByteHashMap((int) Math.min(1 << 28, Files.size(file) / 40 + 16));
        TrainingInputs.readTruthRows(
                file,
                report,
                (id, robot) -> {
                    long hash = ClickIdHash.of(id);
                    boolean fresh = !truth.containsKey(hash);
                    truth.put(hash, (byte) (robot ? 1 : 0));
                    return fresh;
                });
        return truth;
    }

    static String describe(Result r) {
        return String.format(Locale.ROOT, "%,d rows, at most %,d keys held", r.rows(), r.keys());
    }
}
