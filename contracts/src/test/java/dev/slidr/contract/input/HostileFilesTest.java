package dev.slidr.contract.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.ContractReader;
import dev.slidr.contract.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-file corpus: every case is generated here (large ones as streams, nothing large is
 * committed) and read through the reader that owns its format, and its verdict (counts by reason,
 * bytes left unread, or the error that stops the input) must stay what the table says.
 */
class HostileFilesTest {

    /** Which reader reads a case. */
    enum Format {
        CLICK_JSON,
        CLICK_CSV,
        CONVERSION_JSON,
        CONVERSION_CSV,
        RFM_JSON,
        RFM_CSV
    }

    /**
     * What reading a case must give: counts and unread bytes, or an error whose message contains
     * {@code error}.
     */
    record Verdict(
            long read, long accepted, Map<ReasonCode, Long> rejected, long unread, String error) {

        static Verdict counts(long read, long accepted, Object... reasonsAndCounts) {
            Map<ReasonCode, Long> rejected = new EnumMap<>(ReasonCode.class);
            for (int i = 0; i < reasonsAndCounts.length; i += 2) {
                rejected.put(
                        (ReasonCode) reasonsAndCounts[i],
                        ((Number) reasonsAndCounts[i + 1]).longValue());
            }
            return new Verdict(read, accepted, rejected, 0, null);
        }

        Verdict unread(long bytes) {
            return new Verdict(read, accepted, rejected, bytes, null);
        }

        static Verdict fails(String error) {
            return new Verdict(0, 0, Map.of(), 0, error);
        }
    }

    record Case(String name, Format format, Supplier<InputStream> input, Verdict verdict) {}

    static final String CLICK =
            "{\"click_id\":\"c-%d\",\"ts\":1772442000000,\"session_id\":\"s-1\","
                    + "\"ip\":\"203.0.113.7\",\"user_agent\":\"Mozilla/5.0\",\"device\":\"mobile\","
                    + "\"logged_in\":false,\"ad_id\":\"ad-1\",\"advertiser_id\":\"adv-1\","
                    + "\"placement\":\"top\"}\n";
    static final String CONVERSION =
            "{\"click_id\":\"c-%d\",\"ts\":1772442000000,\"kind\":\"purchase\"}\n";
    static final String RFM =
            "{\"customer_id\":\"u-%d\",\"recency\":5,\"frequency\":3,\"monetary\":1}\n";
    static final String CLICK_CSV_MAPPING =
            "{\"fields\":{\"click_id\":{\"column\":\"id\"},"
                    + "\"ts\":{\"column\":\"t\",\"format\":\"epoch_seconds\"},"
                    + "\"session_id\":{\"column\":\"id\"},\"ip\":{\"constant\":\"10.0.0.1\"},"
                    + "\"user_agent\":{\"constant\":\"\"},\"device\":{\"constant\":\"app\"},"
                    + "\"ad_id\":{\"constant\":\"a\"},\"advertiser_id\":{\"constant\":\"b\"},"
                    + "\"placement\":{\"constant\":\"p\"}}}";
    static final String RFM_HEADER = "customer_id,recency,frequency,monetary\n";
    static final String CONVERSION_HEADER = "click_id,ts,kind\n";
    static final int BIG = 64 * 1024 * 1024;

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // click JSON lines
        cases.add(
                new Case(
                        "click-json-valid-bom-crlf-blank",
                        Format.CLICK_JSON,
                        text(
                                "\uFEFF"
                                        + line(CLICK, 1).replace("\n", "\r\n")
                                        + "\n"
                                        + line(CLICK, 2)),
                        Verdict.counts(2, 2)));
        cases.add(
                new Case(
                        "click-json-malformed-among-valid",
                        Format.CLICK_JSON,
                        text(line(CLICK, 1) + "{\"click_id\":\n" + "[]\n" + line(CLICK, 2)),
                        Verdict.counts(4, 2, ReasonCode.MALFORMED_JSON, 2)));
        cases.add(
                new Case(
                        "click-json-64mb-line",
                        Format.CLICK_JSON,
                        () ->
                                concat(
                                        text(line(CLICK, 1)),
                                        repeated('x', BIG),
                                        text("\n" + line(CLICK, 2))),
                        Verdict.counts(3, 2, ReasonCode.OVERSIZED, 1)));
        cases.add(
                new Case(
                        "click-json-invalid-utf8-and-nul",
                        Format.CLICK_JSON,
                        bytes(
                                concatBytes(
                                        line(CLICK, 1).replace("Mozilla", "Moz\\u0000la"),
                                        line(CLICK, 2).replace("Mozilla", "Moz@lla"))),
                        Verdict.counts(
                                2, 0, ReasonCode.INVALID_CHARACTER, 1, ReasonCode.NOT_UTF8, 1)));
        cases.add(
                new Case(
                        "click-json-deep-duplicate-missing",
                        Format.CLICK_JSON,
                        text(
                                "{\"a\":"
                                        + "[".repeat(1000)
                                        + "]".repeat(1000)
                                        + "}\n"
                                        + line(CLICK, 1).replace("{", "{\"ts\":1,")
                                        + "{\"click_id\":\"c-9\"}\n"),
                        Verdict.counts(
                                3,
                                0,
                                ReasonCode.TOO_DEEP,
                                1,
                                ReasonCode.DUPLICATE_FIELD,
                                1,
                                ReasonCode.MISSING_FIELD,
                                1)));
        cases.add(
                new Case(
                        "click-json-out-of-range-ts-and-bad-ip",
                        Format.CLICK_JSON,
                        text(
                                line(CLICK, 1).replace("1772442000000", "4102444800000")
                                        + line(CLICK, 2).replace("203.0.113.7", "999.1.1.1")),
                        Verdict.counts(
                                2,
                                0,
                                ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                                1,
                                ReasonCode.INVALID_IP,
                                1)));
        cases.add(
                new Case(
                        "click-json-truncated-gzip",
                        Format.CLICK_JSON,
                        () -> {
                            byte[] gz = gzip(line(CLICK, 1).repeat(1000));
                            return new ByteArrayInputStream(gz, 0, gz.length / 2);
                        },
                        Verdict.fails("cannot read click-json-truncated-gzip after line")));
        // click CSV through a mapping
        cases.add(
                new Case(
                        "click-csv-valid",
                        Format.CLICK_CSV,
                        text("id,t\nc-1,1772442000\nc-2,1772442001\n"),
                        Verdict.counts(2, 2)));
        cases.add(
                new Case(
                        "click-csv-64mb-quoted-cell",
                        Format.CLICK_CSV,
                        () ->
                                concat(
                                        text("id,t\nc-1,1772442000\n\""),
                                        repeated('x', BIG),
                                        text("\",1772442000\nc-3,1772442000\n")),
                        Verdict.counts(3, 2, ReasonCode.OVERSIZED, 1)));
        cases.add(
                new Case(
                        "click-csv-unterminated-quote",
                        Format.CLICK_CSV,
                        text("id,t\nc-1,1772442000\n\"c-2,1772442000\nc-3,1772442000\n"),
                        Verdict.counts(2, 1, ReasonCode.MALFORMED_CSV, 1).unread(31)));
        cases.add(
                new Case(
                        "click-csv-missing-column",
                        Format.CLICK_CSV,
                        text("id,time\nc-1,1772442000\n"),
                        Verdict.fails("column \"t\" is not in the header")));
        // conversions
        cases.add(
                new Case(
                        "conversion-json-valid-and-wrong-kind",
                        Format.CONVERSION_JSON,
                        text(
                                line(CONVERSION, 1)
                                        + line(CONVERSION, 2).replace("purchase", "refund")),
                        Verdict.counts(2, 1, ReasonCode.INVALID_VALUE, 1)));
        cases.add(
                new Case(
                        "conversion-csv-header-only",
                        Format.CONVERSION_CSV,
                        text(CONVERSION_HEADER),
                        Verdict.counts(0, 0)));
        cases.add(
                new Case(
                        "conversion-csv-empty-file",
                        Format.CONVERSION_CSV,
                        text(""),
                        Verdict.fails("the header lacks column \"click_id\"")));
        cases.add(
                new Case(
                        "conversion-csv-text-after-quote",
                        Format.CONVERSION_CSV,
                        text(
                                CONVERSION_HEADER
                                        + "c-1,1772442000000,purchase\n"
                                        + "\"c-2\"x,1,purchase\n"
                                        + "c-3,1772442000000,purchase\n"),
                        Verdict.counts(2, 1, ReasonCode.MALFORMED_CSV, 1).unread(45)));
        cases.add(
                new Case(
                        "conversion-csv-64mb-cell",
                        Format.CONVERSION_CSV,
                        () ->
                                concat(
                                        text(CONVERSION_HEADER + "c-1,"),
                                        repeated('9', BIG),
                                        text(",purchase\nc-2,1772442000000,purchase\n")),
                        Verdict.counts(2, 1, ReasonCode.OVERSIZED, 1)));
        // RFM
        cases.add(
                new Case(
                        "rfm-json-valid-and-out-of-range",
                        Format.RFM_JSON,
                        text(line(RFM, 1) + line(RFM, 2).replace("\"recency\":5", "\"recency\":9")),
                        Verdict.counts(2, 1, ReasonCode.INVALID_VALUE, 1)));
        cases.add(
                new Case(
                        "rfm-csv-header-only",
                        Format.RFM_CSV,
                        text(RFM_HEADER),
                        Verdict.counts(0, 0)));
        cases.add(
                new Case(
                        "rfm-csv-bad-scores",
                        Format.RFM_CSV,
                        text(RFM_HEADER + "u-1,5,4,3\nu-2,five,1,1\nu-3,1,1,7\nu-4,1,1\n,1,1,1\n"),
                        Verdict.counts(
                                5,
                                1,
                                ReasonCode.WRONG_TYPE,
                                1,
                                ReasonCode.INVALID_VALUE,
                                1,
                                ReasonCode.MISSING_FIELD,
                                1,
                                ReasonCode.NULL_FIELD,
                                1)));
        cases.add(
                new Case(
                        "rfm-csv-unterminated-quote-cuts-the-file",
                        Format.RFM_CSV,
                        text(RFM_HEADER + "u-1,5,4,3\n\"u-2,5,4,3\n" + "u-3,5,4,3\n".repeat(1000)),
                        Verdict.counts(2, 1, ReasonCode.MALFORMED_CSV, 1).unread(11 + 10_000)));
        cases.add(
                new Case(
                        "rfm-csv-64mb-quoted-cell-with-line-breaks",
                        Format.RFM_CSV,
                        () ->
                                concat(
                                        text(RFM_HEADER + "u-1,5,4,3\n\""),
                                        repeated('\n', BIG),
                                        text("\",1,1,1\nu-3,2,2,2\n")),
                        Verdict.counts(3, 2, ReasonCode.OVERSIZED, 1)));
        cases.add(
                new Case(
                        "rfm-csv-invalid-utf8",
                        Format.RFM_CSV,
                        bytes(concatBytes(RFM_HEADER + "u-1,5,4,3\nu-@,1,1,1\n")),
                        Verdict.counts(2, 1, ReasonCode.NOT_UTF8, 1)));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileFileGetsItsVerdict() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws IOException {
        if (c.verdict().error() != null) {
            assertThatThrownBy(
                            () -> {
                                try (RecordReader<?> reader = open(c)) {
                                    reader.forEachRemaining(row -> {});
                                }
                            })
                    .isInstanceOfAny(
                            IOException.class,
                            UncheckedIOException.class,
                            InvalidMappingException.class)
                    .hasMessageContaining(c.verdict().error());
            return;
        }
        try (RecordReader<?> reader = open(c)) {
            reader.forEachRemaining(row -> {});
            InputCounts counts = reader.counts();
            Verdict v = c.verdict();
            assertThat(counts.read()).as("read").isEqualTo(v.read());
            assertThat(counts.accepted()).as("accepted").isEqualTo(v.accepted());
            assertThat(counts.rejected()).as("rejected").isEqualTo(v.rejected());
            assertThat(counts.unreadBytes()).as("unread bytes").isEqualTo(v.unread());
        }
    }

    private static RecordReader<?> open(Case c) throws IOException {
        ContractReader reader = ContractReader.defaults();
        InputStream in = c.input().get();
        return switch (c.format()) {
            case CLICK_JSON -> JsonLinesReader.clicks(c.name(), in, reader);
            case CLICK_CSV ->
                    new CsvClickReader(
                            c.name(),
                            in,
                            CsvMapping.parse(
                                    "m.json", CLICK_CSV_MAPPING.getBytes(StandardCharsets.UTF_8)),
                            reader);
            case CONVERSION_JSON -> JsonLinesReader.conversions(c.name(), in, reader);
            case CONVERSION_CSV -> CsvTables.conversions(c.name(), in, reader);
            case RFM_JSON -> JsonLinesReader.rfmRows(c.name(), in, reader);
            case RFM_CSV -> CsvTables.rfmRows(c.name(), in, reader);
        };
    }

    private static String line(String template, int n) {
        return String.format(template, n);
    }

    private static Supplier<InputStream> text(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Supplier<InputStream> bytes(byte[] b) {
        return () -> new ByteArrayInputStream(b);
    }

    /** UTF-8 of the text with every {@code @} made a lone 0xFF byte, which is never UTF-8. */
    private static byte[] concatBytes(String... parts) {
        byte[] b = String.join("", parts).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '@') {
                b[i] = (byte) 0xFF;
            }
        }
        return b;
    }

    private static InputStream repeated(char c, long n) {
        return new CsvHostileTest.Repeated((byte) c, n);
    }

    private static InputStream concat(InputStream... parts) {
        return new SequenceInputStream(Collections.enumeration(List.of(parts)));
    }

    private static InputStream concat(
            Supplier<InputStream> a, InputStream b, Supplier<InputStream> c) {
        return concat(a.get(), b, c.get());
    }

    private static byte[] gzip(String s) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(s.getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
