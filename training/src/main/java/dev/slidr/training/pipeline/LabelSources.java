package dev.slidr.training.pipeline;

import com.carrotsearch.hppc.LongByteHashMap;
import com.carrotsearch.hppc.LongObjectHashMap;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import dev.slidr.contract.input.CsvTables;
import dev.slidr.contract.input.InputRow;
import dev.slidr.contract.input.JsonLinesReader;
import dev.slidr.contract.input.RecordReader;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.training.rows.ClickIdHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The small inputs a training row is joined with, read before the click log: conversions by click
 * id, RFM scores by customer and the ground truth by click id hash (9 bytes a truth row in a
 * primitive {@link LongByteHashMap}). It also follows which conversions' clicks the log held and
 * kept, to count the conversions that cannot belong to their click.
 */
final class LabelSources {

    /** Conversions of one click id: how many rows, their purchases, the kept click's time. */
    private static final class Conversions {
        int rows;
        long[] purchases = new long[0];
        boolean seen;
        Long keptClickTs;
        long keptSeq = -1;
    }

    private final Map<String, Conversions> byClick = new HashMap<>();
    private final Map<String, Double> scores = new HashMap<>();
    private LongByteHashMap truth;
    private LongObjectHashMap<Conversions> byHash;

    private LabelSources() {}

    /**
     * Reads the three label inputs, each counted in {@code report}; {@code truthFile} may be null.
     */
    static LabelSources read(Path conversionsFile, Path rfmFile, Path truthFile, InputReport report)
            throws IOException {
        LabelSources s = new LabelSources();
        ContractReader reader = ContractReader.defaults();
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
                                s.byClick.computeIfAbsent(c.clickId(), k -> new Conversions());
                        e.rows++;
                        if (c.kind() == Conversion.Kind.PURCHASE) {
                            long[] m = Arrays.copyOf(e.purchases, e.purchases.length + 1);
                            m[e.purchases.length] = c.ts();
                            e.purchases = m;
                        }
                    });
        }
        try (RecordReader<RfmRow> in =
                TrainingInputs.isCsv(rfmFile)
                        ? CsvTables.rfmRows(rfmFile, reader)
                        : JsonLinesReader.rfmRows(rfmFile, reader)) {
            drain(
                    in,
                    TrainingInputs.RFM,
                    report,
                    row -> {
                        if (s.scores.putIfAbsent(row.customerId(), row.score()) != null) {
                            report.unaccept(TrainingInputs.RFM, "duplicate_customer_id");
                        }
                    });
        }
        s.truth = truthFile == null ? null : readTruth(truthFile, report);
        return s;
    }

    /** The join of rows with these labels, times and truth. */
    RowLabels labels(Duration attributionWindow, double rfmCut, ZoneId zone, int velocityK) {
        Map<String, long[]> purchases = new HashMap<>();
        for (Map.Entry<String, Conversions> e : byClick.entrySet()) {
            if (e.getValue().purchases.length > 0) {
                purchases.put(e.getKey(), e.getValue().purchases);
            }
        }
        WeakLabels labels = new WeakLabels(attributionWindow, rfmCut, purchases, scores);
        LongByteHashMap t = truth;
        return new RowLabels(
                labels,
                c -> t == null ? -1 : t.getOrDefault(ClickIdHash.of(c.clickId()), (byte) -1),
                TimeEncoding.in(zone),
                velocityK);
    }

    /** The log held a click with this id. */
    void seen(String clickId) {
        Conversions conv = byClick.get(clickId);
        if (conv != null) {
            conv.seen = true;
        }
    }

    /** The click with this id passed the dedupe rule and the screen (the latest such wins). */
    void kept(String clickId, long ts) {
        Conversions conv = byClick.get(clickId);
        if (conv != null) {
            conv.keptClickTs = ts;
        }
    }

    /**
     * As {@link #kept(String, long)}, for a row known by its click id hash and its position in the
     * log: of the rows of one id, the one latest in the log wins, in whatever order they come.
     */
    void kept(long idHash, long seq, long ts) {
        if (byHash == null) {
            byHash = new LongObjectHashMap<>(byClick.size() * 2 + 16);
            for (Map.Entry<String, Conversions> e : byClick.entrySet()) {
                byHash.put(ClickIdHash.of(e.getKey()), e.getValue());
            }
        }
        Conversions conv = byHash.get(idHash);
        if (conv != null && seq > conv.keptSeq) {
            conv.keptSeq = seq;
            conv.keptClickTs = ts;
        }
    }

    /**
     * Counts the conversions of clicks not in the log, and the purchases that cannot belong to
     * their click (as {@link TrainingInputs#attributed}). The labels need neither: a purchase
     * before its click or outside the window never makes a click human.
     */
    void attribute(Duration window, InputReport report) {
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

    private static <T> void drain(
            RecordReader<T> in, String input, InputReport report, Consumer<T> out)
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
     * {@code click_id,is_robot[,kind]}, by click id hash, as {@link TruthKinds} codes them; a
     * repeated id keeps its last row, as the map of {@link TrainingInputs#readTruth} does.
     */
    static LongByteHashMap readTruth(Path file, InputReport report) throws IOException {
        // about 40 bytes a row of the simulator's truth file; the map grows if there are more
        LongByteHashMap truth =
                new LongByteHashMap((int) Math.min(1 << 28, Files.size(file) / 40 + 16));
        TrainingInputs.readTruthRows(
                file,
                report,
                (id, robot, kind) -> {
                    long hash = ClickIdHash.of(id);
                    boolean fresh = !truth.containsKey(hash);
                    truth.put(hash, TruthKinds.encode(robot, kind));
                    return fresh;
                });
        return truth;
    }
}
