package dev.slidr.contract.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Device;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Two CSV log shapes read through their mapping files, good rows and bad. */
class CsvClickReaderTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CsvClickReaderTest.class.getResource("/input/" + name).toURI());
    }

    private static List<InputRow<Click>> readAll(RecordReader<Click> reader) throws IOException {
        try (reader) {
            List<InputRow<Click>> rows = new ArrayList<>();
            reader.forEachRemaining(rows::add);
            return rows;
        }
    }

    private static Map<Long, ReasonCode> outcomes(List<InputRow<Click>> rows) {
        Map<Long, ReasonCode> out = new LinkedHashMap<>();
        for (InputRow<Click> row : rows) {
            out.put(row.number(), row.parsed().reasonOrNull());
        }
        return out;
    }

    @Test
    void readsAHeaderedLogWithBomCrlfQuotedCommasAndBadRows() throws Exception {
        CsvMapping mapping = CsvMapping.load(resource("shop-a.mapping.json"));
        CsvClickReader reader =
                CsvClickReader.open(resource("shop-a.csv"), mapping, ContractReader.defaults());
        List<InputRow<Click>> rows = readAll(reader);

        Map<Long, ReasonCode> expected = new LinkedHashMap<>();
        expected.put(2L, null);
        expected.put(3L, null);
        expected.put(4L, null);
        expected.put(5L, ReasonCode.INVALID_CHARACTER); // a CR LF inside a quoted user agent
        expected.put(6L, ReasonCode.INVALID_IP);
        expected.put(7L, ReasonCode.INVALID_DEVICE);
        expected.put(8L, ReasonCode.WRONG_TYPE);
        expected.put(9L, ReasonCode.MISSING_FIELD);
        expected.put(10L, ReasonCode.WRONG_TYPE);
        expected.put(11L, ReasonCode.NULL_FIELD);
        expected.put(12L, ReasonCode.NULL_FIELD);
        expected.put(13L, ReasonCode.TIMESTAMP_OUT_OF_RANGE);
        expected.put(14L, null);
        assertThat(outcomes(rows)).containsExactlyEntriesOf(expected);

        Click first = rows.get(0).parsed().value();
        assertThat(first)
                .isEqualTo(
                        new Click(
                                "e-1",
                                Instant.parse("2026-03-02T09:00:00Z").toEpochMilli(),
                                "m-1",
                                "s-1",
                                "203.0.113.7",
                                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
                                        + " (KHTML, like Gecko), Chrome/126.0",
                                Device.MOBILE,
                                true,
                                "ad-1",
                                "adv-1",
                                "unknown"));
        Click anonymous = rows.get(1).parsed().value();
        assertThat(anonymous.ts()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
        assertThat(anonymous.userId()).isNull();
        assertThat(anonymous.loggedIn()).isFalse();
        assertThat(anonymous.ip()).isEqualTo("2001:db8::1");
        assertThat(anonymous.device()).isEqualTo(Device.DESKTOP);
        Click quoted = rows.get(2).parsed().value();
        assertThat(quoted.userAgent()).isEqualTo("say \"hi\", then click");
        assertThat(quoted.loggedIn()).isTrue();
        assertThat(quoted.ip()).isEqualTo("198.51.100.2");
        Click last = rows.get(rows.size() - 1).parsed().value();
        assertThat(last.userAgent()).isEmpty();

        assertThat(((Parsed.Rejected<Click>) rows.get(7).parsed()).message())
                .isEqualTo("ip needs column #5 but the row has 5 columns");
        InputCounts counts = reader.counts();
        assertThat(counts.read()).isEqualTo(13);
        assertThat(counts.accepted()).isEqualTo(4);
        assertThat(counts.rejectedTotal()).isEqualTo(9);
        assertThat(counts.rejected()).containsEntry(ReasonCode.WRONG_TYPE, 2L);
    }

    @Test
    void readsAHeaderlessSemicolonLogWithCompositeKeysUntilItsQuoteBreaks() throws Exception {
        CsvMapping mapping = CsvMapping.load(resource("shop-b.mapping.json"));
        CsvClickReader reader =
                CsvClickReader.open(resource("shop-b.csv"), mapping, ContractReader.defaults());
        List<InputRow<Click>> rows = readAll(reader);

        Map<Long, ReasonCode> expected = new LinkedHashMap<>();
        expected.put(1L, null);
        expected.put(2L, null);
        expected.put(3L, null);
        expected.put(4L, ReasonCode.NOT_UTF8);
        expected.put(5L, ReasonCode.NULL_FIELD); // "-" is a null value, so the key has a gap
        expected.put(6L, ReasonCode.WRONG_TYPE); // 31 February, refused by strict parsing
        expected.put(7L, ReasonCode.NULL_FIELD);
        expected.put(8L, ReasonCode.MALFORMED_CSV);
        assertThat(outcomes(rows)).containsExactlyEntriesOf(expected);

        Click first = rows.get(0).parsed().value();
        // 10:00 in Berlin on 2 March is 09:00 UTC
        assertThat(first.ts()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
        assertThat(first.sessionId()).isEqualTo("198.51.100.1|Android|14");
        assertThat(first.userKey()).isEqualTo("198.51.100.1|Android|14");
        assertThat(first.device()).isEqualTo(Device.MOBILE);
        assertThat(first.loggedIn()).isFalse();
        assertThat(first.placement()).isEqualTo("unknown");
        Click fireTv = rows.get(2).parsed().value();
        assertThat(fireTv.device()).isEqualTo(Device.OTHER);
        assertThat(fireTv.userAgent()).isEqualTo("Silk; \u201cquoted\u201d");
        assertThat(new String(rows.get(0).raw(), StandardCharsets.UTF_8))
                .startsWith("02/03/2026 10:00:00;198.51.100.1;Android");
        assertThat(reader.counts().rejected()).containsEntry(ReasonCode.MALFORMED_CSV, 1L);
        // rejection messages quote input only in escaped, printable form
        for (InputRow<Click> row : rows) {
            if (row.parsed() instanceof Parsed.Rejected<Click> rejected) {
                assertThat(rejected.message()).matches("[\\x20-\\x7e]+");
            }
        }
    }

    @Test
    void readsGzippedCsv() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(resource("shop-a.csv")));
        }
        CsvMapping mapping = CsvMapping.load(resource("shop-a.mapping.json"));
        InputStream in = new ByteArrayInputStream(gz.toByteArray());
        List<InputRow<Click>> rows =
                readAll(
                        new CsvClickReader(
                                "shop-a.csv.gz", in, mapping, ContractReader.defaults()));
        assertThat(rows).hasSize(13);
        assertThat(rows.get(0).isOk()).isTrue();
    }

    @Test
    void parsesEveryTimestampFormat() throws Exception {
        String mappingTemplate =
                "{\"fields\":{\"click_id\":{\"column\":\"id\"},"
                        + "\"ts\":{\"column\":\"t\",%s},"
                        + "\"session_id\":{\"column\":\"id\"},\"ip\":{\"constant\":\"10.0.0.1\"},"
                        + "\"user_agent\":{\"constant\":\"\"},\"device\":{\"constant\":\"app\"},"
                        + "\"ad_id\":{\"constant\":\"a\"},\"advertiser_id\":{\"constant\":\"b\"},"
                        + "\"placement\":{\"constant\":\"p\"}}}";
        long expected = Instant.parse("2026-03-02T09:00:00.250Z").toEpochMilli();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("\"format\":\"epoch_millis\"", Long.toString(expected));
        cases.put("\"format\":\"epoch_seconds\"", "1772442000.250");
        cases.put("\"format\":\"iso_8601\"", "2026-03-02T09:00:00.250Z");
        cases.put("\"format\":\"iso_8601\",\"zone\":\"Asia/Tokyo\"", "2026-03-02T18:00:00.250");
        cases.put(
                "\"format\":\"pattern\",\"pattern\":\"yyyy-MM-dd HH:mm:ss.SSS\","
                        + "\"zone\":\"America/New_York\"",
                "2026-03-02 04:00:00.250");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            CsvMapping mapping =
                    CsvMapping.parse(
                            "m.json",
                            String.format(mappingTemplate, c.getKey())
                                    .getBytes(StandardCharsets.UTF_8));
            byte[] csv = ("id,t\nc-1," + c.getValue() + "\n").getBytes(StandardCharsets.UTF_8);
            List<InputRow<Click>> rows =
                    readAll(
                            new CsvClickReader(
                                    "t.csv",
                                    new ByteArrayInputStream(csv),
                                    mapping,
                                    ContractReader.defaults()));
            assertThat(rows.get(0).parsed().value().ts()).as(c.getKey()).isEqualTo(expected);
            assertThat(rows.get(0).parsed().value().loggedIn()).isFalse();
        }
    }

    @Test
    void refusesTimestampTextThatIsNotQuiteANumber() throws Exception {
        String mapping =
                "{\"fields\":{\"click_id\":{\"column\":\"id\"},"
                        + "\"ts\":{\"column\":\"t\",\"format\":\"epoch_seconds\"},"
                        + "\"session_id\":{\"column\":\"id\"},\"ip\":{\"constant\":\"10.0.0.1\"},"
                        + "\"user_agent\":{\"constant\":\"\"},\"device\":{\"constant\":\"app\"},"
                        + "\"ad_id\":{\"constant\":\"a\"},\"advertiser_id\":{\"constant\":\"b\"},"
                        + "\"placement\":{\"constant\":\"p\"}}}";
        byte[] csv =
                ("id,t\nc-1,+1772442000\nc-2,1772442000.\nc-3,1e9\nc-4,\u0661\u0662\n"
                                + "c-5,99999999999999999999\nc-6,1772442000\n")
                        .getBytes(StandardCharsets.UTF_8);
        List<InputRow<Click>> rows =
                readAll(
                        new CsvClickReader(
                                "t.csv",
                                new ByteArrayInputStream(csv),
                                CsvMapping.parse(
                                        "m.json", mapping.getBytes(StandardCharsets.UTF_8)),
                                ContractReader.defaults()));
        assertThat(rows)
                .extracting(r -> r.parsed().reasonOrNull())
                .containsExactly(
                        ReasonCode.WRONG_TYPE,
                        ReasonCode.WRONG_TYPE,
                        ReasonCode.WRONG_TYPE,
                        ReasonCode.WRONG_TYPE,
                        ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                        null);
    }

    @Test
    void rejectsOversizedRows() throws Exception {
        CsvMapping mapping = CsvMapping.load(resource("shop-a.mapping.json"));
        String header =
                "event_id,event_time,member_id,member,sid,client_ip,agent,platform,campaign,brand\n";
        String row =
                "e-1,2026-03-02T09:00:00Z,m-1,yes,s-1,203.0.113.7,"
                        + "x".repeat(20_000)
                        + ",Android,ad-1,adv-1\n";
        List<InputRow<Click>> rows =
                readAll(
                        new CsvClickReader(
                                "big.csv",
                                new ByteArrayInputStream(
                                        (header + row).getBytes(StandardCharsets.UTF_8)),
                                mapping,
                                ContractReader.defaults()));
        assertThat(rows.get(0).parsed().reasonOrNull()).isEqualTo(ReasonCode.OVERSIZED);
    }
}
