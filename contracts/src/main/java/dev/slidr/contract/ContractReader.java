package dev.slidr.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Strict, total decoders for the JSON contracts: every method takes the raw bytes of one record and
 * returns {@link Parsed}, never throwing, whatever the bytes are.
 *
 * <pre>{@code
 * ContractReader reader = new ContractReader(ParseLimits.defaults());
 * Parsed<Click> parsed = reader.click(record.value());
 * if (parsed instanceof Parsed.Rejected<Click> rejected) {
 *     deadLetters.send(DeadLetter.of(record.value(), rejected, topic, partition, offset, now));
 * }
 * }</pre>
 *
 * <p>Checks run in a fixed order, so a record with several faults always gets the same reason: size
 * ({@code oversized}), encoding ({@code not_utf8}), then the whole document's syntax ({@code
 * malformed_json}, {@code too_deep}, {@code duplicate_field}), then the first bad field in document
 * order, then missing fields in schema order, then rules across fields. Unknown fields are skipped.
 * Decoding streams over the bytes with Jackson's parser (no tree, no reflection): it runs once per
 * click. Instances are immutable and thread-safe.
 */
public final class ContractReader {

    private static final ContractReader DEFAULT = new ContractReader(ParseLimits.defaults());

    private final ParseLimits limits;
    private final FieldRules rules;
    private final JsonFactory factory;

    public ContractReader(ParseLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.rules = new FieldRules(limits);
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(limits.maxDepth())
                                        .build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build();
    }

    /** A reader with {@link ParseLimits#defaults()}. */
    public static ContractReader defaults() {
        return DEFAULT;
    }

    public ParseLimits limits() {
        return limits;
    }

    /** The field rules this reader applies, for adapters that build records from other shapes. */
    public FieldRules rules() {
        return rules;
    }

    public Parsed<Click> click(byte[] bytes) {
        return decode(bytes, limits.maxRecordBytes(), new ClickFields(rules));
    }

    public Parsed<Conversion> conversion(byte[] bytes) {
        return decode(bytes, limits.maxRecordBytes(), new ConversionFields());
    }

    public Parsed<RfmRow> rfmRow(byte[] bytes) {
        return decode(bytes, limits.maxRecordBytes(), new RfmFields());
    }

    public Parsed<Decision> decision(byte[] bytes) {
        return decode(bytes, limits.maxRecordBytes(), new DecisionFields());
    }

    public Parsed<DeadLetter> deadLetter(byte[] bytes) {
        return decode(bytes, limits.maxDeadLetterBytes(), new DeadLetterFields());
    }

    private <T> Parsed<T> decode(byte[] bytes, int maxBytes, RecordFields<T> fields) {
        if (bytes == null || bytes.length == 0) {
            return Parsed.rejected(ReasonCode.MALFORMED_JSON, "empty record");
        }
        if (bytes.length > maxBytes) {
            return Parsed.rejected(
                    ReasonCode.OVERSIZED,
                    "record has " + bytes.length + " bytes, more than the limit " + maxBytes);
        }
        // Decode strictly with the JDK's decoder first, so that a record that is not UTF-8 gets
        // its own reason rather than whatever syntax error the parser meets at the bad byte.
        // UTF-8 never yields more chars than it has bytes.
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            return Parsed.rejected(
                    ReasonCode.NOT_UTF8, "invalid UTF-8 sequence at byte offset " + in.position());
        }
        char[] chars = out.array();
        int length = out.position();
        // a leading byte order mark is tolerated, as in JSON text files
        int start = length > 0 && chars[0] == '\uFEFF' ? 1 : 0;
        try (JsonParser parser = factory.createParser(chars, start, length - start)) {
            return read(parser, fields);
        } catch (StreamConstraintsException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.contains("nesting depth")) {
                return Parsed.rejected(
                        ReasonCode.TOO_DEEP, "nesting deeper than " + limits.maxDepth());
            }
            return Parsed.rejected(ReasonCode.FIELD_TOO_LONG, describe(e));
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return Parsed.rejected(ReasonCode.DUPLICATE_FIELD, describe(e));
            }
            return Parsed.rejected(ReasonCode.MALFORMED_JSON, describe(e));
        } catch (IOException e) {
            // parsing from a char array does no I/O; only syntax errors can arrive here
            return Parsed.rejected(ReasonCode.MALFORMED_JSON, FieldRules.escape(e.getMessage()));
        }
    }

    private <T> Parsed<T> read(JsonParser parser, RecordFields<T> fields) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return Parsed.rejected(ReasonCode.MALFORMED_JSON, "no JSON value");
        }
        if (token != JsonToken.START_OBJECT) {
            return Parsed.rejected(
                    ReasonCode.MALFORMED_JSON, "expected a JSON object, found " + describe(token));
        }
        Cursor cursor = new Cursor(parser);
        ContractViolation first = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (first == null) {
                try {
                    if (!fields.read(name, cursor)) {
                        parser.skipChildren();
                    }
                } catch (ContractViolation violation) {
                    // keep reading: a syntax error later in the document outranks a bad field
                    first = violation;
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            return Parsed.rejected(
                    ReasonCode.MALFORMED_JSON, "trailing content after the JSON object");
        }
        if (first != null) {
            return first.toParsed();
        }
        try {
            return Parsed.ok(fields.build());
        } catch (ContractViolation violation) {
            return violation.toParsed();
        } catch (IllegalArgumentException | NullPointerException e) {
            // a record constructor's own rule (e.g. a decision's invalid flag against its stage)
            return Parsed.rejected(
                    ReasonCode.INVALID_VALUE, FieldRules.escape("" + e.getMessage()));
        }
    }

    /** Jackson's message, without the source excerpt and escaped (it may quote the input). */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        String text = FieldRules.escape(message == null ? "unreadable JSON" : message);
        if (e.getLocation() != null && e.getLocation().getCharOffset() >= 0) {
            text += " (at char " + e.getLocation().getCharOffset() + ")";
        }
        return text;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The fields of one record type, collected while streaming over its object. */
    private interface RecordFields<T> {
        /** Reads the current value of a known field; false for a field this record ignores. */
        boolean read(String name, Cursor in) throws IOException, ContractViolation;

        T build() throws ContractViolation;
    }

    /** Typed reads of the parser's current value; each leaves the parser at the value's end. */
    private final class Cursor {
        private final JsonParser p;

        Cursor(JsonParser p) {
            this.p = p;
        }

        private ContractViolation wrongType(String field, String expected) {
            return new ContractViolation(
                    ReasonCode.WRONG_TYPE,
                    field + " must be " + expected + ", was " + describe(p.currentToken()));
        }

        private String rawString(String field, boolean nullable)
                throws IOException, ContractViolation {
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
                if (n == limits.maxArrayLength()) {
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
                if (values.size() == limits.maxArrayLength()) {
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
                    field + " has more than " + limits.maxArrayLength() + " elements");
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

    private static ContractViolation missing(String field) {
        return new ContractViolation(ReasonCode.MISSING_FIELD, "missing required field " + field);
    }

    /** Seen-field bookkeeping shared by the record types: one bit per field, in schema order. */
    private abstract static class Seen {
        private final String[] names;
        private final long required;
        private long seen;

        Seen(String[] names, long required) {
            this.names = names;
            this.required = required;
        }

        void mark(int index) {
            seen |= 1L << index;
        }

        boolean has(int index) {
            return (seen & (1L << index)) != 0;
        }

        void requireAll() throws ContractViolation {
            long absent = required & ~seen;
            if (absent != 0) {
                throw missing(names[Long.numberOfTrailingZeros(absent)]);
            }
        }
    }

    private static final class ClickFields extends Seen implements RecordFields<Click> {
        private static final String[] NAMES = {
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
            "placement"
        };
        // every field but user_id (bit 2), which may be absent for anonymous clicks
        private static final long REQUIRED = 0b111_1111_1011L;

        private final FieldRules rules;
        private String clickId;
        private long ts;
        private String userId;
        private String sessionId;
        private String ip;
        private String userAgent;
        private Device device;
        private boolean loggedIn;
        private String adId;
        private String advertiserId;
        private String placement;

        ClickFields(FieldRules rules) {
            super(NAMES, REQUIRED);
            this.rules = rules;
        }

        @Override
        public boolean read(String name, Cursor in) throws IOException, ContractViolation {
            switch (name) {
                case "click_id" -> {
                    clickId = in.identifier(name);
                    mark(0);
                }
                case "ts" -> {
                    ts = in.timestamp(name);
                    mark(1);
                }
                case "user_id" -> {
                    userId = in.nullableIdentifier(name);
                    mark(2);
                }
                case "session_id" -> {
                    sessionId = in.identifier(name);
                    mark(3);
                }
                case "ip" -> {
                    ip = in.ip(name);
                    mark(4);
                }
                case "user_agent" -> {
                    userAgent = in.text(name);
                    mark(5);
                }
                case "device" -> {
                    device = in.device(name);
                    mark(6);
                }
                case "logged_in" -> {
                    loggedIn = in.bool(name);
                    mark(7);
                }
                case "ad_id" -> {
                    adId = in.identifier(name);
                    mark(8);
                }
                case "advertiser_id" -> {
                    advertiserId = in.identifier(name);
                    mark(9);
                }
                case "placement" -> {
                    placement = in.identifier(name);
                    mark(10);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Click build() throws ContractViolation {
            requireAll();
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
    }

    private final class ConversionFields extends Seen implements RecordFields<Conversion> {
        private String clickId;
        private long ts;
        private Conversion.Kind kind;

        ConversionFields() {
            super(new String[] {"click_id", "ts", "kind"}, 0b111L);
        }

        @Override
        public boolean read(String name, Cursor in) throws IOException, ContractViolation {
            switch (name) {
                case "click_id" -> {
                    clickId = in.identifier(name);
                    mark(0);
                }
                case "ts" -> {
                    ts = in.timestamp(name);
                    mark(1);
                }
                case "kind" -> {
                    kind = conversionKind(name, in.string(name));
                    mark(2);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Conversion build() throws ContractViolation {
            requireAll();
            return new Conversion(clickId, ts, kind);
        }
    }

    /** The conversion kind by its wire name ({@code purchase}). */
    static Conversion.Kind conversionKind(String field, String value) throws ContractViolation {
        return Conversion.Kind.fromWireName(value)
                .orElseThrow(
                        () ->
                                new ContractViolation(
                                        ReasonCode.INVALID_VALUE,
                                        field
                                                + " "
                                                + FieldRules.quote(value)
                                                + " is not a conversion kind (purchase)"));
    }

    private final class RfmFields extends Seen implements RecordFields<RfmRow> {
        private String customerId;
        private int recency;
        private int frequency;
        private int monetary;

        RfmFields() {
            super(new String[] {"customer_id", "recency", "frequency", "monetary"}, 0b1111L);
        }

        @Override
        public boolean read(String name, Cursor in) throws IOException, ContractViolation {
            switch (name) {
                case "customer_id" -> {
                    customerId = in.identifier(name);
                    mark(0);
                }
                case "recency" -> {
                    recency = (int) in.integer(name, 1, 5);
                    mark(1);
                }
                case "frequency" -> {
                    frequency = (int) in.integer(name, 1, 5);
                    mark(2);
                }
                case "monetary" -> {
                    monetary = (int) in.integer(name, 1, 5);
                    mark(3);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public RfmRow build() throws ContractViolation {
            requireAll();
            return new RfmRow(customerId, recency, frequency, monetary);
        }
    }

    private final class DecisionFields extends Seen implements RecordFields<Decision> {
        private static final String[] NAMES = {
            "click_id",
            "event_ts",
            "decided_ts",
            "invalid",
            "stage",
            "reasons",
            "score",
            "threshold",
            "slice",
            "model_version",
            "calibration_version",
            "feature_version",
            "features",
            "revision",
            "replay_id"
        };
        // score, threshold, the three versions and replay_id may be absent (read as null)
        private static final long REQUIRED = 0b011_0001_0011_1111L;

        private String clickId;
        private long eventTs;
        private long decidedTs;
        private boolean invalid;
        private Decision.Stage stage;
        private List<String> reasons;
        private double score = Double.NaN;
        private double threshold = Double.NaN;
        private String slice;
        private String modelVersion;
        private String calibrationVersion;
        private String featureVersion;
        private float[] features;
        private int revision;
        private String replayId;

        DecisionFields() {
            super(NAMES, REQUIRED);
        }

        @Override
        public boolean read(String name, Cursor in) throws IOException, ContractViolation {
            switch (name) {
                case "click_id" -> {
                    clickId = in.identifier(name);
                    mark(0);
                }
                case "event_ts" -> {
                    eventTs = in.timestamp(name);
                    mark(1);
                }
                case "decided_ts" -> {
                    decidedTs = in.timestamp(name);
                    mark(2);
                }
                case "invalid" -> {
                    invalid = in.bool(name);
                    mark(3);
                }
                case "stage" -> {
                    stage = stage(name, in.string(name));
                    mark(4);
                }
                case "reasons" -> {
                    reasons = in.identifiers(name);
                    mark(5);
                }
                case "score" -> {
                    score = in.nullableDouble(name);
                    mark(6);
                }
                case "threshold" -> {
                    threshold = in.nullableDouble(name);
                    mark(7);
                }
                case "slice" -> {
                    slice = in.identifier(name);
                    mark(8);
                }
                case "model_version" -> {
                    modelVersion = in.nullableIdentifier(name);
                    mark(9);
                }
                case "calibration_version" -> {
                    calibrationVersion = in.nullableIdentifier(name);
                    mark(10);
                }
                case "feature_version" -> {
                    featureVersion = in.nullableIdentifier(name);
                    mark(11);
                }
                case "features" -> {
                    features = in.floats(name);
                    mark(12);
                }
                case "revision" -> {
                    revision = (int) in.integer(name, 0, Integer.MAX_VALUE);
                    mark(13);
                }
                case "replay_id" -> {
                    replayId = in.nullableIdentifier(name);
                    mark(14);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private Decision.Stage stage(String field, String value) throws ContractViolation {
            for (Decision.Stage s : Decision.Stage.values()) {
                if (s.name().equals(value)) {
                    return s;
                }
            }
            throw new ContractViolation(
                    ReasonCode.INVALID_VALUE,
                    field + " " + FieldRules.quote(value) + " is not one of GIVT, SIVT, NONE");
        }

        @Override
        public Decision build() throws ContractViolation {
            requireAll();
            return new Decision(
                    clickId,
                    eventTs,
                    decidedTs,
                    invalid,
                    stage,
                    reasons,
                    score,
                    threshold,
                    slice,
                    modelVersion,
                    calibrationVersion,
                    featureVersion,
                    features,
                    revision,
                    replayId);
        }
    }

    private final class DeadLetterFields extends Seen implements RecordFields<DeadLetter> {
        private byte[] original;
        private long originalLength;
        private ReasonCode reason;
        private String message;
        private String sourceTopic;
        private int sourcePartition;
        private long sourceOffset;
        private long ts;

        DeadLetterFields() {
            super(
                    new String[] {
                        "original",
                        "original_length",
                        "reason",
                        "message",
                        "source_topic",
                        "source_partition",
                        "source_offset",
                        "ts"
                    },
                    // source_topic may be absent (read as null)
                    0b1110_1111L);
        }

        @Override
        public boolean read(String name, Cursor in) throws IOException, ContractViolation {
            switch (name) {
                case "original" -> {
                    original = in.base64(name);
                    mark(0);
                }
                case "original_length" -> {
                    originalLength = in.integer(name, 0, Long.MAX_VALUE);
                    mark(1);
                }
                case "reason" -> {
                    String wire = in.string(name);
                    reason =
                            ReasonCode.fromWireName(wire)
                                    .orElseThrow(
                                            () ->
                                                    new ContractViolation(
                                                            ReasonCode.INVALID_VALUE,
                                                            name
                                                                    + " "
                                                                    + FieldRules.quote(wire)
                                                                    + " is not a reason code"));
                    mark(2);
                }
                case "message" -> {
                    message = in.text(name);
                    mark(3);
                }
                case "source_topic" -> {
                    sourceTopic = in.nullableIdentifier(name);
                    mark(4);
                }
                case "source_partition" -> {
                    sourcePartition = (int) in.integer(name, -1, Integer.MAX_VALUE);
                    mark(5);
                }
                case "source_offset" -> {
                    sourceOffset = in.integer(name, -1, Long.MAX_VALUE);
                    mark(6);
                }
                case "ts" -> {
                    ts = in.timestamp(name);
                    mark(7);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public DeadLetter build() throws ContractViolation {
            requireAll();
            if (original.length > DeadLetter.MAX_ORIGINAL_BYTES) {
                throw new ContractViolation(
                        ReasonCode.FIELD_TOO_LONG,
                        "original has "
                                + original.length
                                + " bytes, more than "
                                + DeadLetter.MAX_ORIGINAL_BYTES);
            }
            return new DeadLetter(
                    original,
                    originalLength,
                    reason,
                    message,
                    sourceTopic,
                    sourcePartition,
                    sourceOffset,
                    ts);
        }
    }
}
