package dev.slidr.contract.input;

import dev.slidr.contract.ContractReader;
import dev.slidr.contract.ContractViolation;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.FieldRules;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Readers for the fixed-column CSV tables: conversions ({@code click_id,ts,kind}, ts in epoch
 * millis) and RFM rows ({@code customer_id,recency,frequency,monetary}). Columns are found by
 * header name, in any order; other columns are ignored.
 */
public final class CsvTables {

    public static final List<String> CONVERSION_COLUMNS = List.of("click_id", "ts", "kind");
    public static final List<String> RFM_COLUMNS =
            List.of("customer_id", "recency", "frequency", "monetary");

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true)
                    .get();

    private CsvTables() {}

    public static RecordReader<Conversion> conversions(Path file, ContractReader reader)
            throws IOException {
        return conversions(file.toString(), InputStreams.open(file), reader);
    }

    public static RecordReader<Conversion> conversions(
            String source, InputStream in, ContractReader reader) throws IOException {
        FieldRules rules = reader.rules();
        return new Table<>(source, in, reader, CONVERSION_COLUMNS) {
            @Override
            protected Conversion convert(CSVRecord record) throws ContractViolation {
                String clickId = rules.identifier("click_id", get(record, "click_id"));
                String tsText = get(record, "ts");
                long ts;
                try {
                    ts = rules.timestamp("ts", TimestampText.epochMillis("ts", tsText));
                } catch (ArithmeticException e) {
                    throw new ContractViolation(
                            ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                            "ts " + FieldRules.quote(tsText) + " does not fit epoch millis");
                }
                String kind = get(record, "kind");
                return new Conversion(
                        clickId,
                        ts,
                        Conversion.Kind.fromWireName(kind)
                                .orElseThrow(
                                        () ->
                                                new ContractViolation(
                                                        ReasonCode.INVALID_VALUE,
                                                        "kind "
                                                                + FieldRules.quote(kind)
                                                                + " is not a conversion kind"
                                                                + " (purchase)")));
            }
        };
    }

    public static RecordReader<RfmRow> rfmRows(Path file, ContractReader reader)
            throws IOException {
        return rfmRows(file.toString(), InputStreams.open(file), reader);
    }

    public static RecordReader<RfmRow> rfmRows(String source, InputStream in, ContractReader reader)
            throws IOException {
        FieldRules rules = reader.rules();
        return new Table<>(source, in, reader, RFM_COLUMNS) {
            @Override
            protected RfmRow convert(CSVRecord record) throws ContractViolation {
                return new RfmRow(
                        rules.identifier("customer_id", get(record, "customer_id")),
                        score(record, "recency"),
                        score(record, "frequency"),
                        score(record, "monetary"));
            }

            private int score(CSVRecord record, String column) throws ContractViolation {
                String text = get(record, column);
                if (text.length() != 1 || text.charAt(0) < '0' || text.charAt(0) > '9') {
                    boolean number = text.matches("-?[0-9]{1,18}");
                    throw new ContractViolation(
                            number ? ReasonCode.INVALID_VALUE : ReasonCode.WRONG_TYPE,
                            column
                                    + " "
                                    + FieldRules.quote(text)
                                    + (number ? " is outside [1, 5]" : " is not an integer"));
                }
                int value = text.charAt(0) - '0';
                if (value < 1 || value > 5) {
                    throw new ContractViolation(
                            ReasonCode.INVALID_VALUE, column + " " + value + " is outside [1, 5]");
                }
                return value;
            }
        };
    }

    /** A table whose columns are found by name in its header. */
    private abstract static class Table<T> extends CsvRows<T> {
        private final Map<String, Integer> columns;

        Table(String source, InputStream in, ContractReader reader, List<String> required)
                throws IOException {
            super(source, in, FORMAT, true, reader.limits().maxRecordBytes());
            this.columns = headerMap();
            for (String column : required) {
                if (!columns.containsKey(column)) {
                    close();
                    throw new IOException(
                            source
                                    + ": the header lacks column \""
                                    + column
                                    + "\" (needs "
                                    + String.join(", ", required)
                                    + "), has "
                                    + headerNames());
                }
            }
        }

        /** A required cell; an empty cell is null. */
        protected String get(CSVRecord record, String column) throws ContractViolation {
            String value = cell(record, columns.get(column), column);
            if (value.isEmpty()) {
                throw new ContractViolation(ReasonCode.NULL_FIELD, column + " must not be empty");
            }
            return value;
        }
    }
}
