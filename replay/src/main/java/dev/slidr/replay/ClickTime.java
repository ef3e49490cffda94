package dev.slidr.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The click time of a click's JSON without decoding the click: the top-level {@code ts} when it is
 * a whole number, found by Jackson's streaming parser, which skips the other fields' values unread.
 * Reading the files only needs the time to place a click in the warm-up or the window; the job's
 * parse decodes and checks every click it is given, so the files are not decoded twice. A record
 * without such a {@code ts} is left to the full decoder, which gives its reason.
 */
final class ClickTime {

    /** What {@link #of} returns when it found no whole-number {@code ts}. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private static final JsonFactory FACTORY = new JsonFactory();

    private ClickTime() {}

    /** The first top-level {@code ts} of {@code json}, or {@link #UNKNOWN}. */
    static long of(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean ts = "ts".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (ts) {
                    return value == JsonToken.VALUE_NUMBER_INT
                                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? p.getLongValue()
                            : UNKNOWN;
                }
                p.skipChildren();
            }
            return UNKNOWN;
        } catch (IOException e) {
            // not JSON the parser can read up to the time: the full decoder gives the reason
            return UNKNOWN;
        }
    }
}
