package dev.slidr.contract.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the columns of a CSV click log map onto the click contract, read from a JSON mapping file
 * (schema in {@code docs/contracts.md}).
 *
 * <pre>{@code
 * {
 *   "csv": {"delimiter": ";", "header": true, "null_values": ["", "-"]},
 *   "fields": {
 *     "click_id":   {"column": "id"},
 *     "ts":         {"column": "time", "format": "pattern", "pattern": "dd/MM/yyyy HH:mm:ss",
 *                    "zone": "Europe/Berlin"},
 *     "user_id":    {"concat": ["ip", "device", "os"], "separator": "|"},
 *     "device":     {"column": "device", "map": {"Android": "mobile"}, "default": "other"},
 *     "logged_in":  {"column": "member", "truthy": ["yes"], "falsy": ["no"]},
 *     "placement":  {"constant": "unknown"}
 *   }
 * }
 * }</pre>
 *
 * A mapping is checked completely when it is loaded; anything wrong is an {@link
 * InvalidMappingException} naming the key.
 */
public final class CsvMapping {

    /** The click contract's fields, in contract order. */
    public static final List<String> FIELDS =
            List.of(
                    "click_id",
                    "ts",
                    "user_id",
                    "session_id",
                    "ip",
                    "user_agent",
                    "device",
                    "logged_in",
                    "ad_id",
                    "advertiser_id",
                    "placement");

    private static final int MAX_MAPPING_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** How the timestamp column is written. */
    public enum TimestampFormat {
        EPOCH_MILLIS("epoch_millis"),
        EPOCH_SECONDS("epoch_seconds"),
        ISO_8601("iso_8601"),
        PATTERN("pattern");

        private final String wireName;

        TimestampFormat(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Where one column comes from: a header name or a 0-based index. */
    public record ColumnRef(String name, int index) {
        static ColumnRef named(String name) {
            return new ColumnRef(name, -1);
        }

        static ColumnRef indexed(int index) {
            return new ColumnRef(null, index);
        }

        @Override
        public String toString() {
            return name != null ? "\"" + name + "\"" : "#" + index;
        }
    }

    /** Where a field's value comes from. */
    public sealed interface Source {
        /** One column. */
        record Column(ColumnRef column) implements Source {}

        /** Several columns joined by a separator (a composite key). */
        record Concat(List<ColumnRef> columns, String separator) implements Source {}

        /** A fixed value for a column the log does not have. */
        record Constant(String value) implements Source {}
    }

    private final String name;
    private final char delimiter;
    private final char quote;
    private final boolean header;
    private final boolean trim;
    private final Set<String> nullValues;
    private final Map<String, Source> sources;
    private final TimestampFormat tsFormat;
    private final DateTimeFormatter tsPattern;
    private final ZoneId tsZone;
    private final Map<String, Device> deviceMap;
    private final Device deviceDefault;
    private final Set<String> truthy;
    private final Set<String> falsy;
    private final Boolean loggedInConstant;

    CsvMapping(CsvMappingParser p) {
        this.name = p.name;
        this.delimiter = p.delimiter;
        this.quote = p.quote;
        this.header = p.header;
        this.trim = p.trim;
        this.nullValues = Set.copyOf(p.nullValues);
        this.sources = Map.copyOf(p.sources);
        this.tsFormat = p.tsFormat;
        this.tsPattern = p.tsPattern;
        this.tsZone = p.tsZone;
        this.deviceMap = Map.copyOf(p.deviceMap);
        this.deviceDefault = p.deviceDefault;
        this.truthy = Set.copyOf(p.truthy);
        this.falsy = p.falsy == null ? null : Set.copyOf(p.falsy);
        this.loggedInConstant = p.loggedInConstant;
    }

    /** Loads and checks a mapping file. */
    public static CsvMapping load(Path file) throws IOException {
        if (Files.size(file) > MAX_MAPPING_BYTES) {
            throw new InvalidMappingException(
                    file + ": a mapping file must be under " + MAX_MAPPING_BYTES + " bytes");
        }
        return parse(file.getFileName().toString(), Files.readAllBytes(file));
    }

    /** Parses and checks a mapping; {@code name} prefixes every error message. */
    public static CsvMapping parse(String name, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidMappingException(
                    name + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidMappingException(name + ": unreadable: " + e.getMessage(), e);
        }
        return new CsvMapping(new CsvMappingParser(name).parse(root));
    }

    /** The mapping's name, for messages. */
    public String name() {
        return name;
    }

    public char delimiter() {
        return delimiter;
    }

    public char quote() {
        return quote;
    }

    /** True when the first row names the columns. */
    public boolean header() {
        return header;
    }

    /** True when cells are trimmed of surrounding blanks. */
    public boolean trim() {
        return trim;
    }

    /** Cell values that mean "no value" (by default only the empty cell). */
    public Set<String> nullValues() {
        return nullValues;
    }

    /** Where a contract field comes from; null for an unmapped optional field. */
    public Source source(String field) {
        return sources.get(field);
    }

    public TimestampFormat tsFormat() {
        return tsFormat;
    }

    /** The timestamp pattern; null unless the format is {@code pattern}. */
    public DateTimeFormatter tsPattern() {
        return tsPattern;
    }

    /** The zone of timestamps written without an offset. */
    public ZoneId tsZone() {
        return tsZone;
    }

    /** Device values (lower-cased) mapped to device classes. */
    public Map<String, Device> deviceMap() {
        return deviceMap;
    }

    /** The device class of unmapped values; null to read them as device wire names. */
    public Device deviceDefault() {
        return deviceDefault;
    }

    /** Values (lower-cased) read as logged in. */
    public Set<String> truthy() {
        return truthy;
    }

    /** Values (lower-cased) read as logged out; null when every other value means logged out. */
    public Set<String> falsy() {
        return falsy;
    }

    /** The value of {@code "logged_in": {"constant": true|false}}; null for any other source. */
    public Boolean loggedInConstant() {
        return loggedInConstant;
    }

    /** Every column the mapping reads, for checking against a file's header. */
    public List<ColumnRef> columns() {
        List<ColumnRef> columns = new ArrayList<>();
        for (String field : FIELDS) {
            Source source = sources.get(field);
            if (source instanceof Source.Column c) {
                columns.add(c.column());
            } else if (source instanceof Source.Concat c) {
                columns.addAll(c.columns());
            }
        }
        return columns;
    }

    @Override
    public String toString() {
        return "CsvMapping["
                + name
                + ", "
                + Objects.requireNonNullElse(sources, Map.of()).keySet()
                + "]";
    }
}
