package dev.slidr.contract.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slidr.contract.ContractViolation;
import dev.slidr.contract.FieldRules;
import dev.slidr.contract.ParseLimits;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict, total codec of {@link ControlCommand}: {@link #decode} never throws, whatever the bytes.
 * Unlike the click decoders it refuses unknown fields ({@code unknown_field}): a misspelt {@code
 * efective_ts} must not silently turn into a command without its time.
 *
 * <pre>{@code
 * byte[] wire = ControlCodec.encode(new ControlCommand.Activate("m20260302-1a2b3c4d", ts));
 * Parsed<ControlCommand> parsed = ControlCodec.decode(wire);
 * }</pre>
 *
 * <p>Checks run in a fixed order: size ({@code oversized}), encoding ({@code not_utf8}), syntax of
 * the whole document ({@code malformed_json}, {@code too_deep}, {@code duplicate_field}), the
 * {@code command} field, then the other fields in document order, then the missing ones.
 */
public final class ControlCodec {

    /** The largest command; a real one is under 150 bytes. */
    public static final int MAX_COMMAND_BYTES = 1024;

    private static final FieldRules RULES = new FieldRules(ParseLimits.defaults());
    private static final ObjectMapper JSON =
            new ObjectMapper(
                    JsonFactory.builder()
                            .streamReadConstraints(
                                    StreamReadConstraints.builder().maxNestingDepth(1).build())
                            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                            .build());

    /** Fields each command accepts, besides {@code command}; the first list is required. */
    private static final Map<String, List<Set<String>>> FIELDS =
            Map.of(
                    "activate", List.of(Set.of("version", "effective_ts"), Set.of()),
                    "rollback", List.of(Set.of(), Set.of("to")),
                    "shadow", List.of(Set.of("version"), Set.of()),
                    "unshadow", List.of(Set.of(), Set.of()));

    private ControlCodec() {}

    /** The command, or why the bytes are not one. */
    public static Parsed<ControlCommand> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return rejected(ReasonCode.MALFORMED_JSON, "empty record");
        }
        if (bytes.length > MAX_COMMAND_BYTES) {
            return rejected(
                    ReasonCode.OVERSIZED,
                    "command has "
                            + bytes.length
                            + " bytes, more than the limit "
                            + MAX_COMMAND_BYTES);
        }
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            return rejected(ReasonCode.NOT_UTF8, "the command is not valid UTF-8");
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(text)) {
            root = JSON.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                return rejected(
                        ReasonCode.MALFORMED_JSON, "trailing content after the JSON object");
            }
        } catch (StreamConstraintsException e) {
            return rejected(ReasonCode.TOO_DEEP, "a command holds no nested objects or arrays");
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            return message.startsWith("Duplicate field")
                    ? rejected(ReasonCode.DUPLICATE_FIELD, FieldRules.escape(message))
                    : rejected(ReasonCode.MALFORMED_JSON, FieldRules.escape(message));
        } catch (IOException e) {
            return rejected(ReasonCode.MALFORMED_JSON, FieldRules.escape("" + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return rejected(ReasonCode.MALFORMED_JSON, "a command is one JSON object");
        }
        try {
            return new Parsed.Ok<>(read((ObjectNode) root));
        } catch (ContractViolation e) {
            return e.toParsed();
        }
    }

    /** The command as one line of JSON, as {@link #decode} reads it. */
    public static byte[] encode(ControlCommand command) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command.name());
        if (command instanceof ControlCommand.Activate activate) {
            root.put("version", activate.version());
            root.put("effective_ts", activate.effectiveTs());
        } else if (command instanceof ControlCommand.Rollback rollback) {
            rollback.target().ifPresent(to -> root.put("to", to));
        } else if (command instanceof ControlCommand.Shadow shadow) {
            root.put("version", shadow.version());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static ControlCommand read(ObjectNode root) throws ContractViolation {
        String name = string(root, "command");
        if (name == null) {
            throw new ContractViolation(ReasonCode.MISSING_FIELD, "missing required field command");
        }
        List<Set<String>> fields = FIELDS.get(name);
        if (fields == null) {
            throw new ContractViolation(
                    ReasonCode.INVALID_VALUE,
                    "command "
                            + FieldRules.quote(name)
                            + " is not one of activate, rollback, shadow, unshadow");
        }
        String version = null;
        String to = null;
        long effectiveTs = 0;
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (field.equals("command")) {
                continue;
            }
            if (!fields.get(0).contains(field) && !fields.get(1).contains(field)) {
                throw new ContractViolation(
                        ReasonCode.UNKNOWN_FIELD,
                        name + " has no field " + FieldRules.quote(field));
            }
            switch (field) {
                case "version" -> version = version(field, string(root, field));
                case "to" -> to = version(field, string(root, field));
                case "effective_ts" -> effectiveTs = timestamp(root.get(field), field);
                default -> throw new IllegalStateException("unhandled field " + field);
            }
        }
        for (String required : List.of("version", "effective_ts")) {
            if (fields.get(0).contains(required) && !root.has(required)) {
                throw new ContractViolation(
                        ReasonCode.MISSING_FIELD, "missing required field " + required);
            }
        }
        return switch (name) {
            case "activate" -> new ControlCommand.Activate(version, effectiveTs);
            case "rollback" -> new ControlCommand.Rollback(to);
            case "shadow" -> new ControlCommand.Shadow(version);
            default -> new ControlCommand.Unshadow();
        };
    }

    /** The field's text; null when absent; a violation when null or not a string. */
    private static String string(ObjectNode root, String field) throws ContractViolation {
        JsonNode node = root.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        if (!node.isTextual()) {
            throw new ContractViolation(
                    ReasonCode.WRONG_TYPE, field + " must be a string, was " + node.getNodeType());
        }
        return node.textValue();
    }

    private static String version(String field, String value) throws ContractViolation {
        RULES.identifier(field, value);
        if (!ControlCommand.VERSION_PATTERN.matcher(value).matches()) {
            throw new ContractViolation(
                    ReasonCode.INVALID_VALUE,
                    field
                            + " "
                            + FieldRules.quote(value)
                            + " is not a model version (letters, digits, . _ -)");
        }
        return value;
    }

    private static long timestamp(JsonNode node, String field) throws ContractViolation {
        if (node.isNull()) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        if (!node.isIntegralNumber()) {
            throw new ContractViolation(
                    ReasonCode.WRONG_TYPE,
                    field + " must be an integer (epoch millis), was " + node.getNodeType());
        }
        if (!node.canConvertToLong()) {
            throw new ContractViolation(
                    ReasonCode.TIMESTAMP_OUT_OF_RANGE, field + " is too large for epoch millis");
        }
        return RULES.timestamp(field, node.longValue());
    }

    private static Parsed<ControlCommand> rejected(ReasonCode reason, String message) {
        return new Parsed.Rejected<>(reason, message);
    }
}
