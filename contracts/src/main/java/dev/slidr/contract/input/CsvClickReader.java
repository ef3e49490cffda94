package dev.slidr.contract.input;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.ContractViolation;
import dev.slidr.contract.Device;
import dev.slidr.contract.FieldRules;
import dev.slidr.contract.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads clicks from a CSV log of any shape through a {@link CsvMapping}; each row becomes a click
 * held to the same rules as the JSON contract, or a rejection with its row number and reason.
 *
 * <pre>{@code
 * CsvMapping mapping = CsvMapping.load(Path.of("shop-logs.mapping.json"));
 * try (CsvClickReader in = CsvClickReader.open(Path.of("clicks.csv.gz"), mapping,
 *         ContractReader.defaults())) {
 *     in.forEachRemaining(row -> ...);
 * }
 * }</pre>
 */
public final class CsvClickReader extends CsvRows<Click> {

    private final CsvMapping mapping;
    private final FieldRules rules;
    private final Map<CsvMapping.ColumnRef, Integer> indexes = new HashMap<>();

    public CsvClickReader(String source, InputStream in, CsvMapping mapping, ContractReader reader)
            throws IOException {
        super(source, in, format(mapping), mapping.header(), reader.limits().maxRecordBytes());
        this.mapping = mapping;
        this.rules = reader.rules();
        resolveColumns();
    }

    public static CsvClickReader open(Path file, CsvMapping mapping, ContractReader reader)
            throws IOException {
        return new CsvClickReader(file.toString(), InputStreams.open(file), mapping, reader);
    }

    private static CSVFormat format(CsvMapping mapping) {
        CSVFormat.Builder builder =
                CSVFormat.RFC4180
                        .builder()
                        .setDelimiter(mapping.delimiter())
                        .setQuote(mapping.quote())
                        .setIgnoreEmptyLines(true)
                        .setTrim(mapping.trim())
                        .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY);
        if (mapping.header()) {
            builder.setHeader().setSkipHeaderRecord(true);
        }
        return builder.get();
    }

    /** Named columns must all be in the header: a typo fails at once, not on every row. */
    private void resolveColumns() throws IOException {
        Map<String, Integer> header = headerMap();
        for (CsvMapping.ColumnRef ref : mapping.columns()) {
            if (ref.name() == null) {
                indexes.put(ref, ref.index());
                continue;
            }
            Integer index = header.get(ref.name());
            if (index == null) {
                close();
                throw new InvalidMappingException(
                        mapping.name()
                                + ": column \""
                                + ref.name()
                                + "\" is not in the header of "
                                + source
                                + " "
                                + new TreeSet<>(header.keySet()));
            }
            indexes.put(ref, index);
        }
    }

    @Override
    protected Click convert(CSVRecord record) throws ContractViolation {
        String clickId = rules.identifier("click_id", value(record, "click_id"));
        long ts =
                rules.timestamp(
                        "ts",
                        TimestampText.parse(
                                "ts",
                                value(record, "ts"),
                                mapping.tsFormat(),
                                mapping.tsPattern(),
                                mapping.tsZone()));
        String userId = value(record, "user_id");
        if (userId != null) {
            rules.identifier("user_id", userId);
        }
        String sessionId = rules.identifier("session_id", value(record, "session_id"));
        String ip = rules.ip("ip", value(record, "ip"));
        String userAgent = value(record, "user_agent");
        // a user agent is free text: an empty cell is an empty user agent, not a missing one
        userAgent = rules.text("user_agent", userAgent == null ? "" : userAgent);
        Device device = device(value(record, "device"));
        boolean loggedIn = loggedIn(record, userId);
        String adId = rules.identifier("ad_id", value(record, "ad_id"));
        String advertiserId = rules.identifier("advertiser_id", value(record, "advertiser_id"));
        String placement = rules.identifier("placement", value(record, "placement"));
        if (loggedIn && userId == null) {
            throw new ContractViolation(
                    ReasonCode.NULL_FIELD, "user_id must not be null when logged_in is true");
        }
        return new Click(
                clickId,
                ts,
                userId,
                sessionId,
                ip,
                userAgent,
                device,
                loggedIn,
                adId,
                advertiserId,
                placement);
    }

    /** The field's text, null for a null cell or an unmapped optional field. */
    private String value(CSVRecord record, String field) throws ContractViolation {
        CsvMapping.Source source = mapping.source(field);
        if (source == null) {
            return null;
        }
        if (source instanceof CsvMapping.Source.Constant constant) {
            return constant.value();
        }
        if (source instanceof CsvMapping.Source.Column column) {
            return cellValue(record, column.column(), field);
        }
        CsvMapping.Source.Concat concat = (CsvMapping.Source.Concat) source;
        List<CsvMapping.ColumnRef> columns = concat.columns();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            String part = cellValue(record, columns.get(i), field);
            if (part == null) {
                // a key missing one of its parts would merge unrelated users
                return null;
            }
            if (i > 0) {
                out.append(concat.separator());
            }
            out.append(part);
        }
        return out.toString();
    }

    private String cellValue(CSVRecord record, CsvMapping.ColumnRef ref, String field)
            throws ContractViolation {
        String cell = cell(record, indexes.get(ref), field);
        return mapping.nullValues().contains(cell) ? null : cell;
    }

    private Device device(String value) throws ContractViolation {
        if (value == null) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, "device must not be null");
        }
        Device mapped = mapping.deviceMap().get(value.toLowerCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        if (mapping.deviceDefault() != null) {
            return mapping.deviceDefault();
        }
        return rules.device("device", value);
    }

    private boolean loggedIn(CSVRecord record, String userId) throws ContractViolation {
        if (mapping.source("logged_in") == null) {
            return userId != null;
        }
        if (mapping.loggedInConstant() != null) {
            return mapping.loggedInConstant();
        }
        String value = value(record, "logged_in");
        if (value == null) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, "logged_in must not be null");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (mapping.truthy().contains(lower)) {
            return true;
        }
        if (mapping.falsy() == null || mapping.falsy().contains(lower)) {
            return false;
        }
        throw new ContractViolation(
                ReasonCode.WRONG_TYPE,
                "logged_in "
                        + FieldRules.quote(value)
                        + " is neither truthy "
                        + mapping.truthy()
                        + " nor falsy "
                        + mapping.falsy());
    }
}
