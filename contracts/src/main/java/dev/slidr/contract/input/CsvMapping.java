package dev.slidr.contract.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    private static final Set<String> OPTIONAL = Set.of("user_id", "logged_in");
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

    private CsvMapping(Parser p) {
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
        return new CsvMapping(new Parser(name).parse(root));
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

    /** Reads the mapping tree, failing on the first problem with its JSON path. */
    private static final class Parser {
        private final String name;
        private char delimiter = ',';
        private char quote = '"';
        private boolean header = true;
        private boolean trim = false;
        private Set<String> nullValues = Set.of("");
        private final Map<String, Source> sources = new LinkedHashMap<>();
        private TimestampFormat tsFormat = TimestampFormat.EPOCH_MILLIS;
        private DateTimeFormatter tsPattern;
        private ZoneId tsZone = ZoneOffset.UTC;
        private final Map<String, Device> deviceMap = new LinkedHashMap<>();
        private Device deviceDefault;
        private Set<String> truthy = Set.of("true", "1", "yes");
        private Set<String> falsy = Set.of("false", "0", "no");
        private Boolean loggedInConstant;

        Parser(String name) {
            this.name = name;
        }

        private InvalidMappingException error(String path, String problem) {
            return new InvalidMappingException(name + ": " + path + ": " + problem);
        }

        Parser parse(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw error(
                        "(root)", "must be a JSON object with \"fields\" (and optionally \"csv\")");
            }
            onlyKeys(root, "(root)", Set.of("version", "csv", "fields"));
            if (root.has("version")
                    && !(root.get("version").isInt() && root.get("version").intValue() == 1)) {
                throw error("version", "only version 1 exists, was " + root.get("version"));
            }
            if (root.has("csv")) {
                csv(root.get("csv"));
            }
            JsonNode fields = root.get("fields");
            if (fields == null || !fields.isObject()) {
                throw error("fields", "must be an object mapping contract fields to columns");
            }
            onlyKeys(fields, "fields", new LinkedHashSet<>(FIELDS));
            for (String field : FIELDS) {
                JsonNode spec = fields.get(field);
                if (spec == null) {
                    if (!OPTIONAL.contains(field)) {
                        throw error(
                                "fields." + field,
                                "is required: map it to a \"column\", a \"concat\" or a"
                                        + " \"constant\"");
                    }
                    continue;
                }
                field(field, spec);
            }
            return this;
        }

        private void csv(JsonNode csv) {
            if (!csv.isObject()) {
                throw error("csv", "must be an object");
            }
            onlyKeys(csv, "csv", Set.of("delimiter", "quote", "header", "trim", "null_values"));
            if (csv.has("delimiter")) {
                delimiter = singleChar(csv.get("delimiter"), "csv.delimiter");
            }
            if (csv.has("quote")) {
                quote = singleChar(csv.get("quote"), "csv.quote");
            }
            if (delimiter == quote) {
                throw error("csv.quote", "must differ from the delimiter");
            }
            if (csv.has("header")) {
                header = bool(csv.get("header"), "csv.header");
            }
            if (csv.has("trim")) {
                trim = bool(csv.get("trim"), "csv.trim");
            }
            if (csv.has("null_values")) {
                nullValues =
                        new LinkedHashSet<>(strings(csv.get("null_values"), "csv.null_values"));
            }
        }

        private void field(String field, JsonNode spec) {
            String path = "fields." + field;
            if (!spec.isObject()) {
                throw error(path, "must be an object with \"column\", \"concat\" or \"constant\"");
            }
            Set<String> allowed =
                    new LinkedHashSet<>(List.of("column", "concat", "separator", "constant"));
            switch (field) {
                case "ts" -> allowed.addAll(List.of("format", "pattern", "zone"));
                case "device" -> allowed.addAll(List.of("map", "default"));
                case "logged_in" -> allowed.addAll(List.of("truthy", "falsy"));
                default -> {}
            }
            onlyKeys(spec, path, allowed);
            int kinds =
                    (spec.has("column") ? 1 : 0)
                            + (spec.has("concat") ? 1 : 0)
                            + (spec.has("constant") ? 1 : 0);
            if (kinds != 1) {
                throw error(path, "needs exactly one of \"column\", \"concat\", \"constant\"");
            }
            if (spec.has("separator") && !spec.has("concat")) {
                throw error(path + ".separator", "only applies to \"concat\"");
            }
            Source source;
            if (spec.has("column")) {
                source = new Source.Column(column(spec.get("column"), path + ".column"));
            } else if (spec.has("concat")) {
                JsonNode list = spec.get("concat");
                if (!list.isArray() || list.size() < 2) {
                    throw error(path + ".concat", "must be an array of at least two columns");
                }
                List<ColumnRef> columns = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    columns.add(column(list.get(i), path + ".concat[" + i + "]"));
                }
                String separator =
                        spec.has("separator")
                                ? text(spec.get("separator"), path + ".separator")
                                : "|";
                source = new Source.Concat(List.copyOf(columns), separator);
            } else {
                JsonNode constant = spec.get("constant");
                if (field.equals("logged_in") && constant.isBoolean()) {
                    loggedInConstant = constant.booleanValue();
                    source = new Source.Constant(Boolean.toString(constant.booleanValue()));
                } else {
                    source = new Source.Constant(text(constant, path + ".constant"));
                }
            }
            sources.put(field, source);
            switch (field) {
                case "ts" -> timestamp(spec, path);
                case "device" -> device(spec, path);
                case "logged_in" -> loggedIn(spec, path);
                default -> {}
            }
        }

        private void timestamp(JsonNode spec, String path) {
            if (spec.has("format")) {
                String format = text(spec.get("format"), path + ".format");
                tsFormat = null;
                for (TimestampFormat f : TimestampFormat.values()) {
                    if (f.wireName().equals(format)) {
                        tsFormat = f;
                    }
                }
                if (tsFormat == null) {
                    throw error(
                            path + ".format",
                            "unknown format \""
                                    + format
                                    + "\"; expected one of epoch_millis, epoch_seconds,"
                                    + " iso_8601, pattern");
                }
            }
            if (tsFormat == TimestampFormat.PATTERN) {
                if (!spec.has("pattern")) {
                    throw error(path + ".pattern", "is required when format is \"pattern\"");
                }
                String pattern = text(spec.get("pattern"), path + ".pattern");
                try {
                    // strict, so that 31/02 is an error rather than quietly 28/02; the era
                    // default lets the common "yyyy" (year of era) resolve under strict rules
                    tsPattern =
                            new DateTimeFormatterBuilder()
                                    .appendPattern(pattern)
                                    .parseDefaulting(ChronoField.ERA, 1)
                                    .toFormatter(Locale.ROOT)
                                    .withResolverStyle(ResolverStyle.STRICT);
                } catch (IllegalArgumentException e) {
                    throw error(
                            path + ".pattern",
                            "not a DateTimeFormatter pattern: " + e.getMessage());
                }
            } else if (spec.has("pattern")) {
                throw error(path + ".pattern", "only applies when format is \"pattern\"");
            }
            if (spec.has("zone")) {
                String zone = text(spec.get("zone"), path + ".zone");
                try {
                    tsZone = ZoneId.of(zone);
                } catch (DateTimeException e) {
                    throw error(path + ".zone", "unknown time zone \"" + zone + "\"");
                }
            }
        }

        private void device(JsonNode spec, String path) {
            if (spec.has("map")) {
                JsonNode map = spec.get("map");
                if (!map.isObject()) {
                    throw error(
                            path + ".map", "must be an object from log values to device classes");
                }
                Iterator<Map.Entry<String, JsonNode>> entries = map.fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> e = entries.next();
                    String key = e.getKey().toLowerCase(Locale.ROOT);
                    Device target = deviceClass(e.getValue(), path + ".map." + e.getKey());
                    if (deviceMap.put(key, target) != null) {
                        throw error(
                                path + ".map." + e.getKey(),
                                "maps the same value twice (keys ignore case)");
                    }
                }
            }
            if (spec.has("default")) {
                deviceDefault = deviceClass(spec.get("default"), path + ".default");
            }
        }

        private Device deviceClass(JsonNode node, String path) {
            String value = text(node, path);
            return Device.fromWireName(value)
                    .orElseThrow(
                            () ->
                                    error(
                                            path,
                                            "\""
                                                    + value
                                                    + "\" is not a device class (desktop, mobile,"
                                                    + " app, other)"));
        }

        private void loggedIn(JsonNode spec, String path) {
            if (spec.has("truthy")) {
                truthy = lowerCased(strings(spec.get("truthy"), path + ".truthy"));
                if (truthy.isEmpty()) {
                    throw error(path + ".truthy", "must list at least one value");
                }
                // with only truthy values given, every other value means logged out
                falsy = null;
            }
            if (spec.has("falsy")) {
                falsy = lowerCased(strings(spec.get("falsy"), path + ".falsy"));
                for (String value : falsy) {
                    if (truthy.contains(value)) {
                        throw error(path + ".falsy", "\"" + value + "\" is also truthy");
                    }
                }
            }
        }

        private ColumnRef column(JsonNode node, String path) {
            if (node.isTextual()) {
                if (!header) {
                    throw error(
                            path,
                            "a column name needs \"csv\": {\"header\": true}; use a 0-based index");
                }
                if (node.textValue().isEmpty()) {
                    throw error(path, "a column name must not be empty");
                }
                return ColumnRef.named(node.textValue());
            }
            if (node.isInt() && node.intValue() >= 0) {
                return ColumnRef.indexed(node.intValue());
            }
            throw error(path, "must be a header name or a 0-based column index, was " + node);
        }

        private void onlyKeys(JsonNode node, String path, Set<String> allowed) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!allowed.contains(key)) {
                    throw error(
                            path,
                            "unknown key \""
                                    + key
                                    + "\"; expected one of "
                                    + String.join(", ", allowed));
                }
            }
        }

        private char singleChar(JsonNode node, String path) {
            String value = text(node, path);
            if (value.length() != 1 || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
                throw error(
                        path,
                        "must be a single character other than a line break, was \""
                                + value
                                + "\"");
            }
            return value.charAt(0);
        }

        private boolean bool(JsonNode node, String path) {
            if (!node.isBoolean()) {
                throw error(path, "must be true or false, was " + node);
            }
            return node.booleanValue();
        }

        private String text(JsonNode node, String path) {
            if (node == null || !node.isTextual()) {
                throw error(path, "must be a string, was " + node);
            }
            return node.textValue();
        }

        private List<String> strings(JsonNode node, String path) {
            if (!node.isArray()) {
                throw error(path, "must be an array of strings");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                values.add(text(node.get(i), path + "[" + i + "]"));
            }
            return values;
        }

        private static Set<String> lowerCased(List<String> values) {
            Set<String> out = new LinkedHashSet<>();
            for (String v : values) {
                out.add(v.toLowerCase(Locale.ROOT));
            }
            return out;
        }
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
