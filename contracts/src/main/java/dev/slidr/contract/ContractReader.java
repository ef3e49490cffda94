package dev.slidr.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

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
 * click. This class checks the document as a whole; each record type's fields are decoded by its
 * {@link RecordFields} ({@link ClickFields}, {@link DecisionFields}, ...) through a {@link
 * FieldCursor}. Instances are immutable and thread-safe.
 */
public final class ContractReader {

    private static final ContractReader DEFAULT = new ContractReader(ParseLimits.defaults());

    private final ParseLimits limits;
    private final FieldRules rules;
    private final FieldRules plainRules;
    private final JsonFactory factory;

    public ContractReader(ParseLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.rules = new FieldRules(limits);
        this.plainRules = rules.forPlainRecord();
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(limits.maxDepth())
                                        .build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        // raw control characters in strings stay refused (Jackson's default):
                        // the character checks left out for RecordBytes.PLAIN rely on it
                        .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
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
        return decode(bytes, limits.maxRecordBytes(), ClickFields::new);
    }

    public Parsed<Conversion> conversion(byte[] bytes) {
        return decode(bytes, limits.maxRecordBytes(), fieldRules -> new ConversionFields());
    }

    public Parsed<RfmRow> rfmRow(byte[] bytes) {
        return decode(bytes, limits.maxRecordBytes(), fieldRules -> new RfmFields());
    }

    public Parsed<Decision> decision(byte[] bytes) {
        return decode(bytes, limits.maxRecordBytes(), fieldRules -> new DecisionFields());
    }

    public Parsed<DeadLetter> deadLetter(byte[] bytes) {
        return decode(bytes, limits.maxDeadLetterBytes(), fieldRules -> new DeadLetterFields());
    }

    private <T> Parsed<T> decode(
            byte[] bytes, int maxBytes, Function<FieldRules, RecordFields<T>> fieldsOf) {
        if (bytes == null || bytes.length == 0) {
            return Parsed.rejected(ReasonCode.MALFORMED_JSON, "empty record");
        }
        if (bytes.length > maxBytes) {
            return Parsed.rejected(
                    ReasonCode.OVERSIZED,
                    "record has " + bytes.length + " bytes, more than the limit " + maxBytes);
        }
        RecordBytes kind = RecordBytes.of(bytes);
        if (kind != RecordBytes.OTHER) {
            // ASCII, the usual case, is valid UTF-8 as it stands: Jackson reads the bytes directly,
            // with no decoder and no char copy of the record
            FieldRules applied = kind == RecordBytes.PLAIN ? plainRules : rules;
            try (JsonParser parser = factory.createParser(bytes)) {
                return read(parser, fieldsOf.apply(applied), applied);
            } catch (IOException e) {
                return rejected(e);
            }
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
            return read(parser, fieldsOf.apply(rules), rules);
        } catch (IOException e) {
            return rejected(e);
        }
    }

    /** The dead letter of a parse that failed. */
    private <T> Parsed<T> rejected(IOException failure) {
        if (failure instanceof StreamConstraintsException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.contains("nesting depth")) {
                return Parsed.rejected(
                        ReasonCode.TOO_DEEP, "nesting deeper than " + limits.maxDepth());
            }
            return Parsed.rejected(ReasonCode.FIELD_TOO_LONG, describe(e));
        }
        if (failure instanceof JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return Parsed.rejected(ReasonCode.DUPLICATE_FIELD, describe(e));
            }
            return Parsed.rejected(ReasonCode.MALFORMED_JSON, describe(e));
        }
        // parsing from an array does no I/O; only syntax errors can arrive here
        return Parsed.rejected(ReasonCode.MALFORMED_JSON, FieldRules.escape(failure.getMessage()));
    }

    private <T> Parsed<T> read(JsonParser parser, RecordFields<T> fields, FieldRules applied)
            throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return Parsed.rejected(ReasonCode.MALFORMED_JSON, "no JSON value");
        }
        if (token != JsonToken.START_OBJECT) {
            return Parsed.rejected(
                    ReasonCode.MALFORMED_JSON,
                    "expected a JSON object, found " + FieldCursor.describe(token));
        }
        FieldCursor cursor = new FieldCursor(parser, applied, limits.maxArrayLength());
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
        if (e.getLocation() != null) {
            // the byte parser reads ASCII only, where a byte offset is the char offset
            long offset =
                    e.getLocation().getCharOffset() >= 0
                            ? e.getLocation().getCharOffset()
                            : e.getLocation().getByteOffset();
            if (offset >= 0) {
                text += " (at char " + offset + ")";
            }
        }
        return text;
    }
}
