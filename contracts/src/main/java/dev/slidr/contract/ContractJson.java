package dev.slidr.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the contract records as JSON (snake_case field names, one object per record).
 *
 * <p>Writing uses Jackson's streaming generator: records are written on the hot path (the
 * simulator, the decision sink), and the generator avoids databind's reflection.
 */
public final class ContractJson {

    private static final JsonFactory FACTORY = new JsonFactory();

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
                    g.writeStringField("kind", conversion.kind().name().toLowerCase());
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

    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
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
