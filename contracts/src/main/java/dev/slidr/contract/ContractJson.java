package dev.slidr.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Writes the contract records as JSON (snake_case field names, one object per record) and reads
 * them back with the default limits ({@link ContractReader#defaults()}).
 *
 * <p>Writing uses Jackson's streaming generator: records are written on the hot path (the
 * simulator, the decision sink), and the generator avoids databind's reflection. Every record
 * written here reads back equal ({@code readX(write(x)).value().equals(x)}) when its fields obey
 * the contract's rules.
 */
public final class ContractJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Below this magnitude {@link Float#toString(float)} writes a whole number as {@code n.0}. */
    private static final int WHOLE_LIMIT = 10_000_000;

    private static final String[] WHOLE_TEXTS = new String[1024];

    // a decision's field names, encoded once: every decision the job and a replay write has them
    private static final SerializableString CLICK_ID = new SerializedString("click_id");
    private static final SerializableString EVENT_TS = new SerializedString("event_ts");
    private static final SerializableString DECIDED_TS = new SerializedString("decided_ts");
    private static final SerializableString INVALID = new SerializedString("invalid");
    private static final SerializableString STAGE = new SerializedString("stage");
    private static final SerializableString REASONS = new SerializedString("reasons");
    private static final SerializableString SCORE = new SerializedString("score");
    private static final SerializableString THRESHOLD = new SerializedString("threshold");
    private static final SerializableString SLICE = new SerializedString("slice");
    private static final SerializableString MODEL_VERSION = new SerializedString("model_version");
    private static final SerializableString CALIBRATION_VERSION =
            new SerializedString("calibration_version");
    private static final SerializableString FEATURE_VERSION =
            new SerializedString("feature_version");
    private static final SerializableString FEATURES = new SerializedString("features");
    private static final SerializableString REVISION = new SerializedString("revision");
    private static final SerializableString REPLAY_ID = new SerializedString("replay_id");

    /** The texts of the fractional features written last. */
    private static final FloatTexts FRACTIONS = new FloatTexts();

    static {
        for (int i = 0; i < WHOLE_TEXTS.length; i++) {
            WHOLE_TEXTS[i] = i + ".0";
        }
    }

    private ContractJson() {}

    /** The JSON bytes (UTF-8) of a click, as the clicks topic carries it. */
    public static byte[] write(Click click) {
        return write(
                g -> {
                    g.writeStringField("click_id", click.clickId());
                    g.writeNumberField("ts", click.ts());
                    if (click.userId() == null) {
                        g.writeNullField("user_id");
                    } else {
                        g.writeStringField("user_id", click.userId());
                    }
                    g.writeStringField("session_id", click.sessionId());
                    g.writeStringField("ip", click.ip());
                    g.writeStringField("user_agent", click.userAgent());
                    g.writeStringField("device", click.device().wireName());
                    g.writeBooleanField("logged_in", click.loggedIn());
                    g.writeStringField("ad_id", click.adId());
                    g.writeStringField("advertiser_id", click.advertiserId());
                    g.writeStringField("placement", click.placement());
                });
    }

    /** The JSON bytes (UTF-8) of a conversion, as the conversions topic carries it. */
    public static byte[] write(Conversion conversion) {
        return write(
                g -> {
                    g.writeStringField("click_id", conversion.clickId());
                    g.writeNumberField("ts", conversion.ts());
                    g.writeStringField("kind", conversion.kind().wireName());
                });
    }

    /** The JSON bytes (UTF-8) of one RFM table row. */
    public static byte[] write(RfmRow row) {
        return write(
                g -> {
                    g.writeStringField("customer_id", row.customerId());
                    g.writeNumberField("recency", row.recency());
                    g.writeNumberField("frequency", row.frequency());
                    g.writeNumberField("monetary", row.monetary());
                });
    }

    /**
     * The JSON bytes (UTF-8) of a decision, as the decisions topic carries it. An unscored decision
     * (NaN score or threshold) writes them as null.
     */
    public static byte[] write(Decision decision) {
        return write(g -> writeFields(g, decision));
    }

    /**
     * Writes the fields of {@code decision} into the object {@code g} has open, as {@link
     * #write(Decision)} writes them: for a writer of many decisions that keeps one generator (a
     * generator per record costs more than most of the fields).
     *
     * <pre>{@code
     * g.writeStartObject();
     * ContractJson.writeFields(g, decision);
     * g.writeEndObject();
     * }</pre>
     */
    public static void writeFields(JsonGenerator g, Decision decision) throws IOException {
        g.writeFieldName(CLICK_ID);
        g.writeString(decision.clickId());
        g.writeFieldName(EVENT_TS);
        g.writeNumber(decision.eventTs());
        g.writeFieldName(DECIDED_TS);
        g.writeNumber(decision.decidedTs());
        g.writeFieldName(INVALID);
        g.writeBoolean(decision.invalid());
        g.writeFieldName(STAGE);
        g.writeString(decision.stage().name());
        g.writeFieldName(REASONS);
        g.writeStartArray();
        for (String reason : decision.reasons()) {
            g.writeString(reason);
        }
        g.writeEndArray();
        writeNullableNumber(g, SCORE, decision.score());
        writeNullableNumber(g, THRESHOLD, decision.threshold());
        g.writeFieldName(SLICE);
        g.writeString(decision.slice());
        writeNullableString(g, MODEL_VERSION, decision.modelVersion());
        writeNullableString(g, CALIBRATION_VERSION, decision.calibrationVersion());
        writeNullableString(g, FEATURE_VERSION, decision.featureVersion());
        g.writeFieldName(FEATURES);
        g.writeStartArray();
        int n = decision.featureCount();
        for (int i = 0; i < n; i++) {
            // float, not double: the text is the shortest that reads back exactly
            writeFeature(g, decision.feature(i));
        }
        g.writeEndArray();
        g.writeFieldName(REVISION);
        g.writeNumber(decision.revision());
        writeNullableString(g, REPLAY_ID, decision.replayId());
    }

    /** The JSON bytes (UTF-8) of a dead letter; the original bytes are base64 (RFC 4648). */
    public static byte[] write(DeadLetter deadLetter) {
        return write(
                g -> {
                    g.writeStringField(
                            "original", Base64.getEncoder().encodeToString(deadLetter.original()));
                    g.writeNumberField("original_length", deadLetter.originalLength());
                    g.writeStringField("reason", deadLetter.reason().wireName());
                    g.writeStringField("message", deadLetter.message());
                    writeNullableString(g, "source_topic", deadLetter.sourceTopic());
                    g.writeNumberField("source_partition", deadLetter.sourcePartition());
                    g.writeNumberField("source_offset", deadLetter.sourceOffset());
                    g.writeNumberField("ts", deadLetter.ts());
                });
    }

    /** Reads a click with the default limits. */
    public static Parsed<Click> readClick(byte[] bytes) {
        return ContractReader.defaults().click(bytes);
    }

    /** Reads a conversion with the default limits. */
    public static Parsed<Conversion> readConversion(byte[] bytes) {
        return ContractReader.defaults().conversion(bytes);
    }

    /** Reads an RFM row with the default limits. */
    public static Parsed<RfmRow> readRfmRow(byte[] bytes) {
        return ContractReader.defaults().rfmRow(bytes);
    }

    /** Reads a decision with the default limits. */
    public static Parsed<Decision> readDecision(byte[] bytes) {
        return ContractReader.defaults().decision(bytes);
    }

    /** Reads a dead letter with the default limits. */
    public static Parsed<DeadLetter> readDeadLetter(byte[] bytes) {
        return ContractReader.defaults().deadLetter(bytes);
    }

    private static void writeNullableString(JsonGenerator g, String name, String value)
            throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static void writeNullableString(JsonGenerator g, SerializableString name, String value)
            throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    /**
     * Writes a feature as {@link Float#toString(float)} writes it (what {@code writeNumber(float)}
     * writes), without its general conversion for whole numbers under ten million, which most
     * features are (counts, flags): their text is the integer and {@code .0}. Other finite values
     * (fractions, negative zero, larger values) take their text from {@link FloatTexts}; NaN and
     * the infinities keep the generator's own path.
     */
    static void writeFeature(JsonGenerator g, float value) throws IOException {
        int whole = (int) value;
        if (whole == value
                && whole > -WHOLE_LIMIT
                && whole < WHOLE_LIMIT
                && (whole != 0 || Float.floatToRawIntBits(value) == 0)) {
            if (whole >= 0 && whole < WHOLE_TEXTS.length) {
                g.writeNumber(WHOLE_TEXTS[whole]);
            } else {
                g.writeNumber(whole + ".0");
            }
        } else if (Float.isFinite(value)) {
            g.writeNumber(FRACTIONS.of(value));
        } else {
            g.writeNumber(value);
        }
    }

    private static void writeNullableNumber(JsonGenerator g, SerializableString name, double value)
            throws IOException {
        g.writeFieldName(name);
        if (Double.isNaN(value)) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }

    /**
     * A generator over {@code out} configured as the one {@link #write(Decision)} and the other
     * writes use, for {@link #writeFields(JsonGenerator, Decision)}: the same settings give the
     * same bytes.
     */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = generator(out)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            // writing to a byte array cannot fail for I/O reasons
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
