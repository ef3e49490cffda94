package dev.slidr.contract.input;

import static dev.slidr.contract.input.CsvMapping.FIELDS;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slidr.contract.Device;
import dev.slidr.contract.input.CsvMapping.ColumnRef;
import dev.slidr.contract.input.CsvMapping.Source;
import dev.slidr.contract.input.CsvMapping.TimestampFormat;
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
import java.util.Set;

/**
 * Reads a CSV mapping file's JSON tree into the settings of a {@link CsvMapping}, failing on the
 * first problem with an {@link InvalidMappingException} that names its JSON path.
 */
final class CsvMappingParser {
    private static final Set<String> OPTIONAL = Set.of("user_id", "logged_in");

    final String name;
    char delimiter = ',';
    char quote = '"';
    boolean header = true;
    boolean trim = false;
    Set<String> nullValues = Set.of("");
    final Map<String, Source> sources = new LinkedHashMap<>();
    TimestampFormat tsFormat = TimestampFormat.EPOCH_MILLIS;
    DateTimeFormatter tsPattern;
    ZoneId tsZone = ZoneOffset.UTC;
    final Map<String, Device> deviceMap = new LinkedHashMap<>();
    Device deviceDefault;
    Set<String> truthy = Set.of("true", "1", "yes");
    Set<String> falsy = Set.of("false", "0", "no");
    Boolean loggedInConstant;

    CsvMappingParser(String name) {
        this.name = name;
    }

    private InvalidMappingException error(String path, String problem) {
        return new InvalidMappingException(name + ": " + path + ": " + problem);
    }

    CsvMappingParser parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw error("(root)", "must be a JSON object with \"fields\" (and optionally \"csv\")");
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
            nullValues = new LinkedHashSet<>(strings(csv.get("null_values"), "csv.null_values"));
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
                    spec.has("separator") ? text(spec.get("separator"), path + ".separator") : "|";
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
                        path + ".pattern", "not a DateTimeFormatter pattern: " + e.getMessage());
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
                throw error(path + ".map", "must be an object from log values to device classes");
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
                    "must be a single character other than a line break, was \"" + value + "\"");
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
