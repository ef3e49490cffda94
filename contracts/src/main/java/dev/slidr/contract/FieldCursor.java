package dev.slidr.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Typed reads of a Jackson parser's current value for the record decoders; each leaves the parser
 * at the value's end.
 *
 * <p>Jackson parses the syntax and enforces the nesting limit; it knows nothing of the contracts'
 * reason codes. This cursor turns a token of the wrong kind, a null, an oversized array or an
 * out-of-range number into the {@link ContractViolation} the contract names, so the decoders stay
 * one line per field.
 */
final class FieldCursor {
    private final JsonParser p;
    private final FieldRules rules;
    private final int maxArrayLength;

    FieldCursor(JsonParser p, FieldRules rules, int maxArrayLength) {
        this.p = p;
        this.rules = rules;
        this.maxArrayLength = maxArrayLength;
    }

    /** How a token reads in a message: "a string", "an array", "null". */
    static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    private ContractViolation wrongType(String field, String expected) {
        return new ContractViolation(
                ReasonCode.WRONG_TYPE,
                field + " must be " + expected + ", was " + describe(p.currentToken()));
    }

    private String rawString(String field, boolean nullable) throws IOException, ContractViolation {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            if (nullable) {
                return null;
            }
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        throw wrongType(field, "a string");
    }

    String identifier(String field) throws IOException, ContractViolation {
        return rules.identifier(field, rawString(field, false));
    }

    String nullableIdentifier(String field) throws IOException, ContractViolation {
        String value = rawString(field, true);
        return value == null ? null : rules.identifier(field, value);
    }

    String text(String field) throws IOException, ContractViolation {
        return rules.text(field, rawString(field, false));
    }

    String ip(String field) throws IOException, ContractViolation {
        return rules.ip(field, rawString(field, false));
    }

    Device device(String field) throws IOException, ContractViolation {
        String value = rawString(field, false);
        return rules.device(field, value);
    }

    boolean bool(String field) throws ContractViolation {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        if (t == JsonToken.VALUE_NULL) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        throw wrongType(field, "true or false");
    }

    /** An integer token that fits a long; empty (null) when it is too large for one. */
    private Long rawLong(String field) throws IOException, ContractViolation {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
            return null;
        }
        if (t == JsonToken.VALUE_NULL) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        // floats are refused outright (also 1e400): no rounding rule for epoch millis
        throw wrongType(field, "an integer");
    }

    long timestamp(String field) throws IOException, ContractViolation {
        Long value = rawLong(field);
        if (value == null) {
            throw new ContractViolation(
                    ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                    field + " " + FieldRules.quote(p.getText()) + " does not fit epoch millis");
        }
        return rules.timestamp(field, value);
    }

    long integer(String field, long min, long max) throws IOException, ContractViolation {
        Long value = rawLong(field);
        if (value == null || value < min || value > max) {
            throw new ContractViolation(
                    ReasonCode.INVALID_VALUE,
                    field
                            + " "
                            + FieldRules.quote(p.getText())
                            + " is outside ["
                            + min
                            + ", "
                            + max
                            + "]");
        }
        return value;
    }

    /** A finite number, or NaN for null. */
    double nullableDouble(String field) throws IOException, ContractViolation {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(field, "a number or null");
        }
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw new ContractViolation(
                    ReasonCode.INVALID_VALUE,
                    field + " " + FieldRules.quote(p.getText()) + " is not a finite double");
        }
        return value;
    }

    float[] floats(String field) throws IOException, ContractViolation {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
            }
            throw wrongType(field, "an array of numbers");
        }
        float[] values = new float[16];
        int n = 0;
        ContractViolation problem = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (problem != null) {
                p.skipChildren();
                continue;
            }
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                problem = wrongType(field + "[" + n + "]", "a number");
                p.skipChildren();
                continue;
            }
            if (n == maxArrayLength) {
                problem = tooManyElements(field);
                continue;
            }
            float value = p.getFloatValue();
            if (!Float.isFinite(value)) {
                problem =
                        new ContractViolation(
                                ReasonCode.INVALID_VALUE,
                                field
                                        + "["
                                        + n
                                        + "] "
                                        + FieldRules.quote(p.getText())
                                        + " is not a finite float");
                continue;
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = value;
        }
        if (problem != null) {
            throw problem;
        }
        return Arrays.copyOf(values, n);
    }

    List<String> identifiers(String field) throws IOException, ContractViolation {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
            }
            throw wrongType(field, "an array of strings");
        }
        List<String> values = new ArrayList<>();
        ContractViolation problem = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (problem != null) {
                p.skipChildren();
                continue;
            }
            String element = field + "[" + values.size() + "]";
            if (t != JsonToken.VALUE_STRING) {
                problem =
                        t == JsonToken.VALUE_NULL
                                ? new ContractViolation(
                                        ReasonCode.NULL_FIELD, element + " must not be null")
                                : wrongType(element, "a string");
                p.skipChildren();
                continue;
            }
            if (values.size() == maxArrayLength) {
                problem = tooManyElements(field);
                continue;
            }
            try {
                values.add(rules.identifier(element, p.getText()));
            } catch (ContractViolation violation) {
                problem = violation;
            }
        }
        if (problem != null) {
            throw problem;
        }
        return values;
    }

    private ContractViolation tooManyElements(String field) {
        return new ContractViolation(
                ReasonCode.FIELD_TOO_LONG,
                field + " has more than " + maxArrayLength + " elements");
    }

    byte[] base64(String field) throws IOException, ContractViolation {
        String text = rawString(field, false);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ContractViolation(
                    ReasonCode.INVALID_VALUE, field + " is not base64: " + e.getMessage());
        }
    }

    String string(String field) throws IOException, ContractViolation {
        return rawString(field, false);
    }
}
