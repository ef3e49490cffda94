package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.rules.dedupe.DuplicateClickFilter;
import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtScreen;
import dev.slidr.training.rows.RowFile;
import dev.slidr.training.rows.RowParts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * What the pass wrote and counted; {@code keys} is the most feature keys held at once, -1 when
     * the engine keeps its own.
     */
    public record Result(Path rowFile, long rows, InputReport report, long keys, long late) {}

    /**
     * The feature pass on this machine: one stream over the click log through the dedupe rule, the
     * GIVT screen of the request's settings and the feature stages ({@link #run(Path, CsvMapping,
     * Path, Path, Path, DuplicateClickPolicy, Function, TrainingConfig, Duration, Path,
     * EntityVerdicts)}).
     */
    public static final FeaturePassStrategy SINGLE_MACHINE =
            (request, rowFile) -> {
                GivtConfig givt = request.givt();
                return run(
                        request.clicks(),
                        request.mapping(),
                        request.conversions(),
                        request.rfm(),
                        request.truth(),
                        givt == null ? TrainingInputs.DEFAULT_DEDUPE : givt.duplicateClickPolicy(),
                        givt == null ? click -> null : GivtScreen.of(givt),
                        request.config(),
                        DEFAULT_OUT_OF_ORDERNESS,
                        rowFile,
                        request.verdicts());
            };

    private FeaturePass() {}

    /**
     * The feature pass with its stages run by {@code engine}: the label sources and the click log
     * are read here exactly as on one machine (the same counts, the same merge into event-time
     * order), each click is handed to the engine numbered by its place in that order, and the
     * engine's row parts are put back into that order in {@code rowFile}. Rows are then those of
     * the single-machine pass, byte for byte, when the engine's stages compute what {@link
     * FeatureStages} computes.
     */
    public static Result run(TrainingRequest request, Path rowFile, FeatureStageEngine engine)
            throws IOException {
        InputReport report = new InputReport();
        report.declare(TrainingInputs.CLICKS);
        LabelSources labels =
                LabelSources.read(request.conversions(), request.rfm(), request.truth(), report);
        long clicks = 0;
        long late;
        try (ClickLog log =
                ClickLog.open(
                        request.clicks(),
                        request.mapping(),
                        ContractReader.defaults(),
                        report,
                        DEFAULT_OUT_OF_ORDERNESS)) {
            EntityVerdicts verdicts = request.verdicts();
            for (Click c = log.next(); c != null; c = log.next()) {
                labels.seen(c.clickId());
                if (verdicts != null) {
                    // the engine's tasks label their copies; this one counts what the log holds
                    verdicts.verdict(c);
                }
                engine.add(c);
                clicks++;
            }
            log.ended();
            late = log.late();
        }
        FeatureStageEngine.Outcome outcome = engine.finish(LabelSpec.of(request));
        for (Map.Entry<String, Long> e : outcome.leftOut().entrySet()) {
            report.unaccept(TrainingInputs.CLICKS, e.getKey(), e.getValue());
        }
        long rows =
                RowParts.order(
                        outcome.parts(),
                        clicks,
                        rowFile,
                        (seq, row) -> labels.kept(row.idHash, seq, row.ts));
        labels.attribute(request.config().attributionWindow(), report);
        return new Result(rowFile, rows, report, -1, late);
    }

    /**
     * Reads every input file and writes one row per click that passes the dedupe rule and the
     * screen, in event-time order, each row flagged with the verdict of its judged entities.
     *
     * @param screen a click's reason to leave it out, or null to keep it
     * @param verdicts a reviewer's verdicts, or null
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
            Path rowFile,
            EntityVerdicts verdicts)
            throws IOException {
        InputReport report = new InputReport();
        // the click log is listed first, as when it was read first
        report.declare(TrainingInputs.CLICKS);
        LabelSources labels = LabelSources.read(conversionsFile, rfmFile, truthFile, report);
        FeatureStages stages =
                new FeatureStages(
                        labels.labels(
                                        config.attributionWindow(),
                                        config.rfmCut(),
                                        config.zone(),
                                        config.velocityK())
                                .withVerdicts(verdicts));
        // the live job drops repeated click ids before features; the log has no watermark, so the
        // filter's follows the latest click time with no out-of-orderness
        DuplicateClickFilter firsts = new DuplicateClickFilter(dedupe, Duration.ZERO);
        long rows;
        long late;
        ContractReader reader = ContractReader.defaults();
        try (ClickLog log = ClickLog.open(clicks, mapping, reader, report, outOfOrderness);
                RowFile.Writer out =
                        new RowFile.Writer(
                                rowFile,
                                RowFile.schemaNumber(FeatureSchema.CURRENT.version()),
                                FeatureSchema.CURRENT.size())) {
            for (Click c = log.next(); c != null; c = log.next()) {
                labels.seen(c.clickId());
                if (!firsts.firstOccurrence(c.clickId(), c.ts())) {
                    report.unaccept(TrainingInputs.CLICKS, "duplicate_click_id");
                    continue;
                }
                String reason = screen.apply(c);
                if (reason != null) {
                    report.unaccept(TrainingInputs.CLICKS, reason);
                    continue;
                }
                labels.kept(c.clickId(), c.ts());
                out.write(stages.add(c));
            }
            log.ended();
            rows = out.rows();
            late = log.late();
        }
        labels.attribute(config.attributionWindow(), report);
        return new Result(rowFile, rows, report, stages.peakKeys(), late);
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

    static String describe(Result r) {
        return r.keys() < 0
                ? String.format(Locale.ROOT, "%,d rows", r.rows())
                : String.format(Locale.ROOT, "%,d rows, at most %,d keys held", r.rows(), r.keys());
    }
}
