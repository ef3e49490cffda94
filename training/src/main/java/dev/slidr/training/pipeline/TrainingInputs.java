package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import dev.slidr.contract.input.CsvClickReader;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.CsvTables;
import dev.slidr.contract.input.InputRow;
import dev.slidr.contract.input.InputStreams;
import dev.slidr.contract.input.JsonLinesReader;
import dev.slidr.contract.input.RecordReader;
import dev.slidr.rules.dedupe.DuplicateClickFilter;
import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import dev.slidr.rules.givt.GivtOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The inputs of one training run, read through the contract adapters: clicks (JSON lines, or CSV
 * with a mapping), purchases by click id, RFM scores by customer id, and optionally the simulator's
 * ground truth by click id. Bad rows are counted by reason in {@link #report()}, never fatal.
 *
 * <pre>{@code
 * TrainingInputs in = TrainingInputs.read(clicks, null, conversions, rfm, truth);
 * }</pre>
 */
public record TrainingInputs(
        List<Click> clicks,
        Map<String, long[]> purchases,
        Map<String, Double> rfmScores,
        Map<String, Boolean> truth,
        InputReport report) {

    public static final String CLICKS = "clicks";
    public static final String CONVERSIONS = "conversions";
    public static final String RFM = "rfm";
    public static final String TRUTH = "truth";

    /** The live job's dedupe rule at its default window. */
    public static final DuplicateClickPolicy DEFAULT_DEDUPE =
            new DuplicateClickPolicy(GivtOptions.DEDUPE_WINDOW.defaultValue());

    /**
     * These inputs without the clicks that {@code screen} gives a reason for. The live job decides
     * general invalid traffic (declared robots, data-centre IPs) before its feature stages, so
     * those clicks feed no counter there and are never scored; training leaves them out the same
     * way, so that every counter it computes is the live job's. Each click left out is counted in
     * the report under its reason. The report is shared with this record.
     *
     * @param screen a click's reason to leave it out, or null to keep it
     */
    public TrainingInputs screened(Function<Click, String> screen) {
        List<Click> kept = new ArrayList<>(clicks.size());
        for (Click c : clicks) {
            String reason = screen.apply(c);
            if (reason == null) {
                kept.add(c);
            } else {
                report.unaccept(CLICKS, reason);
            }
        }
        return new TrainingInputs(kept, purchases, rfmScores, truth, report);
    }

    /**
     * These inputs without the purchases that cannot belong to their click: an exact repeat of an
     * earlier one, one dated before its click, or one later than {@code window} after it. Each is
     * counted in the report under its reason code; the report is shared with this record.
     */
    public TrainingInputs attributed(Duration window) {
        Map<String, Long> clickTimes = new HashMap<>(clicks.size() * 2);
        for (Click c : clicks) {
            clickTimes.put(c.clickId(), c.ts());
        }
        Map<String, long[]> kept = new HashMap<>(purchases.size() * 2);
        for (Map.Entry<String, long[]> e : purchases.entrySet()) {
            Long clickTs = clickTimes.get(e.getKey());
            long[] times = e.getValue();
            long[] out = new long[times.length];
            int n = 0;
            Set<Long> seen = new HashSet<>();
            for (long ts : times) {
                if (!seen.add(ts)) {
                    report.unaccept(CONVERSIONS, ReasonCode.DUPLICATE_CONVERSION.wireName());
                } else if (clickTs != null && ts < clickTs) {
                    report.unaccept(CONVERSIONS, ReasonCode.CONVERSION_BEFORE_CLICK.wireName());
                } else if (clickTs != null && ts - clickTs > window.toMillis()) {
                    report.unaccept(CONVERSIONS, ReasonCode.CONVERSION_OUTSIDE_WINDOW.wireName());
                } else {
                    out[n++] = ts;
                }
            }
            if (n > 0) {
                kept.put(e.getKey(), Arrays.copyOf(out, n));
            }
        }
        return new TrainingInputs(clicks, kept, rfmScores, truth, report);
    }

    /** Whether ground truth was given. */
    public boolean hasTruth() {
        return truth != null;
    }

    /**
     * Reads every input file.
     *
     * @param clicksFile JSON lines (plain or gzip), or CSV when {@code mapping} is given
     * @param mapping CSV mapping of the click log, or null for JSON lines
     * @param conversionsFile JSON lines or CSV ({@code .csv}, {@code .csv.gz}) of conversions
     * @param rfmFile CSV ({@code .csv}) or JSON lines of the RFM table
     * @param truthFile the simulator's {@code truth.csv}, or null
     */
    public static TrainingInputs read(
            Path clicksFile, CsvMapping mapping, Path conversionsFile, Path rfmFile, Path truthFile)
            throws IOException {
        return read(clicksFile, mapping, conversionsFile, rfmFile, truthFile, DEFAULT_DEDUPE);
    }

    /**
     * Reads every input file, dropping repeated click ids by {@code dedupe}, the live job's rule
     * ({@code GivtConfig.duplicateClickPolicy()}).
     */
    public static TrainingInputs read(
            Path clicksFile,
            CsvMapping mapping,
            Path conversionsFile,
            Path rfmFile,
            Path truthFile,
            DuplicateClickPolicy dedupe)
            throws IOException {
        InputReport report = new InputReport();
        ContractReader reader = ContractReader.defaults();
        List<Click> clicks = new ArrayList<>();
        try (RecordReader<Click> in =
                mapping == null
                        ? JsonLinesReader.clicks(clicksFile, reader)
                        : CsvClickReader.open(clicksFile, mapping, reader)) {
            drain(in, CLICKS, report, clicks);
        }
        List<Conversion> conversions = new ArrayList<>();
        try (RecordReader<Conversion> in =
                isCsv(conversionsFile)
                        ? CsvTables.conversions(conversionsFile, reader)
                        : JsonLinesReader.conversions(conversionsFile, reader)) {
            drain(in, CONVERSIONS, report, conversions);
        }
        List<RfmRow> rfm = new ArrayList<>();
        try (RecordReader<RfmRow> in =
                isCsv(rfmFile)
                        ? CsvTables.rfmRows(rfmFile, reader)
                        : JsonLinesReader.rfmRows(rfmFile, reader)) {
            drain(in, RFM, report, rfm);
        }
        Map<String, Boolean> truth = truthFile == null ? null : readTruth(truthFile, report);
        return of(clicks, conversions, rfm, truth, report, dedupe);
    }

    /**
     * Inputs already in memory (tests, the simulator's API), with the live job's default dedupe
     * window. Repeated click ids within it keep their first click; conversions of unknown clicks
     * and repeated customers are counted and left out.
     */
    public static TrainingInputs of(
            List<Click> clicks,
            List<Conversion> conversions,
            List<RfmRow> rfm,
            Map<String, Boolean> truth,
            InputReport report) {
        return of(clicks, conversions, rfm, truth, report, DEFAULT_DEDUPE);
    }

    /**
     * Inputs already in memory, dropping repeated click ids by {@code dedupe}: a click whose id was
     * first seen less than the window before it is left out, as the live job leaves it out.
     */
    public static TrainingInputs of(
            List<Click> clicks,
            List<Conversion> conversions,
            List<RfmRow> rfm,
            Map<String, Boolean> truth,
            InputReport report,
            DuplicateClickPolicy dedupe) {
        // The live job drops repeated click ids before features (GIVT stage); training applies
        // the same rule. Clicks go in as read, in the order of the click log, which is the order
        // the live job takes them from its topic: nothing here re-sorts them. A log has no
        // watermark, so the filter's follows the latest click time with no out-of-orderness.
        DuplicateClickFilter firsts = new DuplicateClickFilter(dedupe, Duration.ZERO);
        // every id read, for the conversions' join, which is not bounded by the dedupe window
        Set<String> ids = new HashSet<>(clicks.size() * 2);
        List<Click> unique = new ArrayList<>(clicks.size());
        for (Click c : clicks) {
            ids.add(c.clickId());
            if (firsts.firstOccurrence(c.clickId(), c.ts())) {
                unique.add(c);
            } else {
                report.unaccept(CLICKS, "duplicate_click_id");
            }
        }
        Map<String, long[]> purchases = new HashMap<>();
        for (Conversion c : conversions) {
            if (!ids.contains(c.clickId())) {
                report.unaccept(CONVERSIONS, "unknown_click_id");
            } else if (c.kind() == Conversion.Kind.PURCHASE) {
                purchases.merge(
                        c.clickId(),
                        new long[] {c.ts()},
                        (a, b) -> {
                            long[] m = java.util.Arrays.copyOf(a, a.length + 1);
                            m[a.length] = b[0];
                            return m;
                        });
            }
        }
        Map<String, Double> scores = new HashMap<>();
        for (RfmRow row : rfm) {
            if (scores.putIfAbsent(row.customerId(), row.score()) != null) {
                report.unaccept(RFM, "duplicate_customer_id");
            }
        }
        return new TrainingInputs(unique, purchases, scores, truth, report);
    }

    private static <T> void drain(
            RecordReader<T> in, String input, InputReport report, List<T> out) {
        while (in.hasNext()) {
            InputRow<T> row = in.next();
            report.read(input, row.isOk());
            if (row.isOk()) {
                out.add(row.parsed().value());
            } else {
                report.reject(input, row.parsed().reasonOrNull().wireName());
            }
        }
        report.ended(input, in.counts().bytes(), in.counts().unreadBytes());
    }

    static boolean isCsv(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz");
    }

    /** {@code click_id,is_robot[,kind]}: the simulator's truth file, by click id. */
    static Map<String, Boolean> readTruth(Path file, InputReport report) throws IOException {
        Map<String, Boolean> truth = new HashMap<>();
        readTruthRows(file, report, (id, robot, kind) -> truth.put(id, robot) == null);
        return truth;
    }

    /**
     * Takes one valid row of a truth file, its kind null when the file has no kind column; says
     * whether its click id was new.
     */
    @FunctionalInterface
    interface TruthRows {
        boolean accept(String clickId, boolean robot, String kind);
    }

    /**
     * Reads the simulator's truth file ({@code click_id,is_robot[,kind]}) row by row: malformed
     * rows are counted as rejected, a repeated click id (the sink returns false) as unaccepted.
     */
    static void readTruthRows(Path file, InputReport report, TruthRows rows) throws IOException {
        CSVFormat format =
                CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true)
                        .get();
        try (InputStream raw = InputStreams.open(file);
                Reader text = new InputStreamReader(raw, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(text, format)) {
            if (!parser.getHeaderMap().containsKey("click_id")
                    || !parser.getHeaderMap().containsKey("is_robot")) {
                throw new IOException(
                        file
                                + ": the header lacks click_id or is_robot, has "
                                + parser.getHeaderNames());
            }
            report.ended(TRUTH, Files.size(file), 0);
            boolean kinds = parser.getHeaderMap().containsKey("kind");
            for (CSVRecord record : parser) {
                String id = record.isSet("click_id") ? record.get("click_id") : "";
                String robot = record.isSet("is_robot") ? record.get("is_robot") : "";
                boolean ok = !id.isEmpty() && (robot.equals("true") || robot.equals("false"));
                report.read(TRUTH, ok);
                if (!ok) {
                    report.reject(TRUTH, id.isEmpty() ? "null_field" : "invalid_value");
                } else if (!rows.accept(
                        id,
                        robot.equals("true"),
                        kinds && record.isSet("kind") ? record.get("kind") : null)) {
                    report.unaccept(TRUTH, "duplicate_click_id");
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
