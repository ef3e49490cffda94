package dev.slidr.contract;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.testing.Clicks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * ASCII records are parsed from their bytes, others after the strict UTF-8 decoder: both paths give
 * the same clicks and the same rejections.
 */
class ContractReaderAsciiTest {

    private final ContractReader reader = ContractReader.defaults();

    @Test
    void readsAsciiAndNonAsciiClicksAlike() {
        Click ascii = Clicks.builder("alice", "10.0.0.1", T0).ad("ad-7").build();
        Click accented = Clicks.builder("alice", "10.0.0.1", T0).ad("ad-ü-7").build();

        assertThat(reader.click(ContractJson.write(ascii))).isEqualTo(Parsed.ok(ascii));
        assertThat(reader.click(ContractJson.write(accented))).isEqualTo(Parsed.ok(accented));
    }

    @Test
    void namesTheCharOffsetOfASyntaxErrorOnBothPaths() {
        Parsed<Click> ascii = reader.click("{\"a\":}".getBytes(StandardCharsets.US_ASCII));
        Parsed<Click> accented = reader.click("{\"é\":1,\"a\":}".getBytes(StandardCharsets.UTF_8));

        assertThat(ascii).isInstanceOf(Parsed.Rejected.class);
        assertThat(((Parsed.Rejected<Click>) ascii).reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
        assertThat(((Parsed.Rejected<Click>) ascii).message()).endsWith("(at char 5)");
        assertThat(((Parsed.Rejected<Click>) accented).reason())
                .isEqualTo(ReasonCode.MALFORMED_JSON);
        assertThat(((Parsed.Rejected<Click>) accented).message()).endsWith("(at char 11)");
    }

    @Test
    void stillRejectsBytesThatAreNotUtf8AndDuplicateFieldsInAscii() {
        byte[] latin1 = "{\"ad_id\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Parsed<Click> notUtf8 = reader.click(latin1);
        Parsed<Click> duplicate =
                reader.click("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.US_ASCII));

        assertThat(((Parsed.Rejected<Click>) notUtf8).reason()).isEqualTo(ReasonCode.NOT_UTF8);
        assertThat(((Parsed.Rejected<Click>) duplicate).reason())
                .isEqualTo(ReasonCode.DUPLICATE_FIELD);
    }

    @Test
    void rejectsHostileCharactersWhetherEscapedRawOrEncoded() {
        String base =
                new String(
                        ContractJson.write(
                                Clicks.builder("alice", "10.0.0.1", T0).ad("ad-7").build()),
                        StandardCharsets.UTF_8);
        // escaped (ASCII with a backslash), raw DEL (ASCII), raw C1 and bidi controls (UTF-8)
        for (String hostile : new String[] {"\\u0001", "\\u202E", "\\u007F", "\u007F"}) {
            byte[] bytes =
                    base.replace("ad-7", "ad-" + hostile + "-7").getBytes(StandardCharsets.UTF_8);
            Parsed<Click> parsed = reader.click(bytes);

            assertThat(parsed).as(hostile).isInstanceOf(Parsed.Rejected.class);
            assertThat(((Parsed.Rejected<Click>) parsed).reason())
                    .as(hostile)
                    .isEqualTo(ReasonCode.INVALID_CHARACTER);
        }
        for (String hostile : new String[] {"\u0085", "\u202E", "\u2066"}) {
            Parsed<Click> parsed =
                    reader.click(
                            base.replace("ad-7", "ad-" + hostile + "-7")
                                    .getBytes(StandardCharsets.UTF_8));

            assertThat(((Parsed.Rejected<Click>) parsed).reason())
                    .as(hostile)
                    .isEqualTo(ReasonCode.INVALID_CHARACTER);
        }
    }

    @Test
    void refusesARawControlCharacterInAPlainAsciiRecordAsMalformed() {
        // the reader skips the per-field character check for ASCII records without escapes or
        // DEL, which is exact only while the parser refuses raw control characters in strings
        String base =
                new String(
                        ContractJson.write(
                                Clicks.builder("alice", "10.0.0.1", T0).ad("ad-7").build()),
                        StandardCharsets.UTF_8);
        for (char control = 0; control < 0x20; control++) {
            byte[] bytes =
                    base.replace("ad-7", "ad-" + control + "-7")
                            .getBytes(StandardCharsets.US_ASCII);
            assertThat(RecordBytes.of(bytes)).isEqualTo(RecordBytes.PLAIN);

            Parsed<Click> parsed = reader.click(bytes);

            assertThat(parsed).as("U+%04X", (int) control).isInstanceOf(Parsed.Rejected.class);
            assertThat(((Parsed.Rejected<Click>) parsed).reason())
                    .as("U+%04X", (int) control)
                    .isEqualTo(ReasonCode.MALFORMED_JSON);
        }
    }
}
