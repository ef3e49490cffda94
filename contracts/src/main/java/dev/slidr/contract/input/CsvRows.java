package dev.slidr.contract.input;

import dev.slidr.contract.ContractViolation;
import dev.slidr.contract.FieldRules;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The part every CSV reader shares: decoding (gzip, BOM, UTF-8), Commons CSV iteration, row
 * numbers, size and encoding checks, and turning a structural CSV error into a rejection.
 *
 * <p>Bytes are decoded with replacement, and a row holding U+FFFD is rejected as {@code not_utf8}:
 * a strict decoder would throw mid-stream and lose the rest of the file. Row numbers count records
 * from 1 with the header as row 1, as a spreadsheet shows them. A structural error (an unterminated
 * quote, text after a closing quote) leaves the parser with no safe place to resume, so it ends the
 * file with one {@code malformed_csv} rejection that says how many bytes were never read, and the
 * counts carry them as {@link InputCounts#unreadBytes()}.
 *
 * <p>Commons CSV holds a whole cell in memory, so a {@link CsvRecordLimiter} in front of it cuts
 * any record longer than twice the record limit: that record is rejected as {@code oversized}
 * without ever being held whole, and reading goes on with the next one.
 */
abstract class CsvRows<T> extends LookAheadReader<T> {

    protected final String source;
    private final CSVFormat rawFormat;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int headerRows;
    private final int maxRecordChars;
    private final CsvRecordLimiter limiter;
    private final long bomBytes;
    private long dataRows;

    CsvRows(String source, InputStream in, CSVFormat format, boolean header, int maxRecordChars)
            throws IOException {
        super("no more rows in " + source);
        this.source = source;
        this.rawFormat =
                format.builder().setHeader((String[]) null).setSkipHeaderRecord(false).get();
        this.headerRows = header ? 1 : 0;
        this.maxRecordChars = maxRecordChars;
        Reader reader =
                new BufferedReader(
                        new InputStreamReader(
                                InputStreams.decompressed(in),
                                StandardCharsets.UTF_8
                                        .newDecoder()
                                        .onMalformedInput(CodingErrorAction.REPLACE)
                                        .onUnmappableCharacter(CodingErrorAction.REPLACE)),
                        64 * 1024);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
            this.bomBytes = 0;
        } else {
            this.bomBytes = 3;
        }
        Character quote = format.getQuoteCharacter();
        this.limiter =
                new CsvRecordLimiter(
                        reader,
                        format.getDelimiterString().charAt(0),
                        quote == null ? '\uFFFF' : quote,
                        2L * maxRecordChars);
        try {
            this.parser = format.parse(limiter);
        } catch (IllegalArgumentException | CSVException e) {
            limiter.close();
            throw new IOException(source + ": unreadable CSV header: " + e.getMessage(), e);
        }
        this.records = parser.iterator();
    }

    /** The header's column names and their indexes; empty without a header. */
    protected Map<String, Integer> headerMap() {
        Map<String, Integer> map = parser.getHeaderMap();
        return map == null ? Map.of() : map;
    }

    protected List<String> headerNames() {
        return parser.getHeaderNames();
    }

    /** The record built from one row, or the first contract violation in it. */
    protected abstract T convert(CSVRecord record) throws ContractViolation;

    @Override
    public void close() throws IOException {
        parser.close();
    }

    @Override
    InputRow<T> readRow() {
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                end();
                tally.bytes(bomBytes + limiter.bytesSeen(), 0);
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            end();
            Throwable cause = e.getCause();
            if (cause instanceof CSVException) {
                long number = headerRows + dataRows + 1;
                long used = bomBytes + limiter.bytesUsed();
                try {
                    limiter.drain();
                } catch (IOException unreadable) {
                    // the bytes counted so far are all that can be said
                }
                long seen = bomBytes + limiter.bytesSeen();
                tally.bytes(seen, seen - used);
                InputRow<T> row =
                        new InputRow<>(
                                number,
                                Parsed.rejected(
                                        ReasonCode.MALFORMED_CSV,
                                        "row "
                                                + number
                                                + ": "
                                                + FieldRules.escape(
                                                        String.valueOf(cause.getMessage()))
                                                + "; the rest of the file was not read ("
                                                + used
                                                + " of "
                                                + seen
                                                + " bytes read, "
                                                + (seen - used)
                                                + " unread)"),
                                new byte[0]);
                tally.add(row);
                return row;
            }
            throw new UncheckedIOException(
                    "cannot read "
                            + source
                            + " after row "
                            + (headerRows + dataRows)
                            + ": "
                            + (cause == null ? e.getMessage() : cause.getMessage()),
                    cause instanceof IOException io ? io : new IOException(e));
        }
        dataRows++;
        long number = headerRows + dataRows;
        limiter.recordReturned(record.getCharacterPosition());
        tally.bytes(bomBytes + limiter.bytesUsed(), 0);
        Parsed<T> parsed =
                limiter.wasCut(record.getCharacterPosition())
                        ? Parsed.rejected(
                                ReasonCode.OVERSIZED,
                                "row has more than "
                                        + 2L * maxRecordChars
                                        + " chars, more than the limit "
                                        + maxRecordChars
                                        + "; the rest of it was skipped unread")
                        : check(record);
        InputRow<T> row = new InputRow<>(number, parsed, raw(record));
        tally.add(row);
        return row;
    }

    private Parsed<T> check(CSVRecord record) {
        long chars = 0;
        for (String cell : record) {
            chars += cell.length();
            if (cell.indexOf('\uFFFD') >= 0) {
                return Parsed.rejected(
                        ReasonCode.NOT_UTF8, "column " + columnOf(record, cell) + " is not UTF-8");
            }
        }
        if (chars > maxRecordChars) {
            return Parsed.rejected(
                    ReasonCode.OVERSIZED,
                    "row has " + chars + " chars, more than the limit " + maxRecordChars);
        }
        try {
            return Parsed.ok(convert(record));
        } catch (ContractViolation violation) {
            return violation.toParsed();
        } catch (IllegalArgumentException | NullPointerException e) {
            // a record constructor's own rule
            return Parsed.rejected(
                    ReasonCode.INVALID_VALUE, FieldRules.escape(String.valueOf(e.getMessage())));
        }
    }

    private static int columnOf(CSVRecord record, String cell) {
        for (int i = 0; i < record.size(); i++) {
            if (record.get(i) == cell) {
                return i;
            }
        }
        return -1;
    }

    private byte[] raw(CSVRecord record) {
        return rawFormat.format((Object[]) record.values()).getBytes(StandardCharsets.UTF_8);
    }

    /** A cell that must exist, by 0-based index. */
    protected static String cell(CSVRecord record, int index, String field)
            throws ContractViolation {
        if (index >= record.size()) {
            throw new ContractViolation(
                    ReasonCode.MISSING_FIELD,
                    field
                            + " needs column #"
                            + index
                            + " but the row has "
                            + record.size()
                            + " columns");
        }
        return record.get(index);
    }
}
