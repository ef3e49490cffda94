package dev.slidr.contract.input;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import dev.slidr.contract.testing.Clicks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON lines: every line is a click or a numbered rejection, and reading never stops early. */
class JsonLinesReaderTest {

    @TempDir Path dir;

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private final Click a = Clicks.click("alice", "10.0.0.1", T0);
    private final Click b = Clicks.builder("bob", "10.0.0.2", T0).anonymous().build();

    /** BOM, CRLF, a blank line, five kinds of bad line, an oversized one, no final newline. */
    private byte[] mixedLog() {
        return concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                ContractJson.write(a),
                utf8("\r\n"),
                utf8("{\"click_id\": \r\n"),
                utf8("   \n"),
                utf8("not json at all\n"),
                new byte[] {'{', '"', (byte) 0xFF, '"', '}', '\n'},
                utf8("{\"click_id\":\"x\",\"ts\":\"soon\"}\n"),
                utf8("{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}\n"),
                utf8("{\"pad\":\"" + "x".repeat(20 * 1024) + "\"}\n"),
                ContractJson.write(b));
    }

    private static List<InputRow<Click>> readAll(RecordReader<Click> reader) throws IOException {
        try (reader) {
            return reader.stream().toList();
        }
    }

    @Test
    void yieldsEveryLineAsAClickOrANumberedRejection() throws Exception {
        JsonLinesReader<Click> reader =
                JsonLinesReader.clicks(
                        "mixed.jsonl",
                        new ByteArrayInputStream(mixedLog()),
                        ContractReader.defaults());
        List<InputRow<Click>> rows = readAll(reader);

        assertThat(rows)
                .extracting(InputRow::number)
                .containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(rows)
                .extracting(r -> r.parsed().reasonOrNull())
                .containsExactly(
                        null,
                        ReasonCode.MALFORMED_JSON,
                        ReasonCode.MALFORMED_JSON,
                        ReasonCode.NOT_UTF8,
                        ReasonCode.WRONG_TYPE,
                        ReasonCode.TOO_DEEP,
                        ReasonCode.OVERSIZED,
                        null);
        assertThat(rows.get(0).parsed().value()).isEqualTo(a);
        assertThat(rows.get(7).parsed().value()).isEqualTo(b);
        assertThat(rows.get(1).raw()).isEqualTo(utf8("{\"click_id\": "));
        assertThat(((Parsed.Rejected<Click>) rows.get(6).parsed()).message())
                .isEqualTo("line has 20490 bytes, more than the limit 16384");

        InputCounts counts = reader.counts();
        assertThat(counts.read()).isEqualTo(8);
        assertThat(counts.accepted()).isEqualTo(2);
        assertThat(counts.rejectedTotal()).isEqualTo(6);
        assertThat(counts.rejected()).containsEntry(ReasonCode.MALFORMED_JSON, 2L);
        assertThat(counts.blank()).isEqualTo(1);
    }

    @Test
    void linesAcrossReadBoundariesAndOversizedLinesSpanningThemAreReadWhole() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        for (int i = 0; i < 3_000; i++) {
            log.write(ContractJson.write(i % 2 == 0 ? a : b));
            log.write('\n');
            if (i == 1_500) {
                log.write(utf8("{\"pad\":\"" + "x".repeat(150 * 1024) + "\"}\n"));
            }
        }
        byte[] bytes = log.toByteArray();
        for (int step : new int[] {1, 7, 4096, 70_000}) {
            // an input that returns at most `step` bytes per read, as a network stream may
            ByteArrayInputStream whole = new ByteArrayInputStream(bytes);
            InputStream trickle =
                    new FilterInputStream(whole) {
                        @Override
                        public int read(byte[] buf, int off, int len) throws IOException {
                            return super.read(buf, off, Math.min(len, step));
                        }
                    };

            List<InputRow<Click>> rows =
                    readAll(
                            JsonLinesReader.clicks(
                                    "big.jsonl", trickle, ContractReader.defaults()));

            assertThat(rows).hasSize(3_001);
            assertThat(rows.get(1_501).parsed().reasonOrNull()).isEqualTo(ReasonCode.OVERSIZED);
            assertThat(rows.get(1_501).raw()).hasSize(16_385);
            assertThat(rows.get(1_502).parsed().value()).isEqualTo(b);
            assertThat(rows.get(1_502).number()).isEqualTo(1_503);
            assertThat(rows.get(3_000).parsed().value()).isEqualTo(b);
            assertThat(rows.stream().filter(InputRow::isOk)).hasSize(3_000);
        }
    }

    @Test
    void aRejectedLineBecomesADeadLetterPointingAtItsLine() throws Exception {
        List<InputRow<Click>> rows =
                readAll(
                        JsonLinesReader.clicks(
                                "mixed.jsonl",
                                new ByteArrayInputStream(mixedLog()),
                                ContractReader.defaults()));
        DeadLetter letter = rows.get(3).deadLetter("file:mixed.jsonl", T0.toEpochMilli());
        assertThat(letter.reason()).isEqualTo(ReasonCode.NOT_UTF8);
        assertThat(letter.sourceTopic()).isEqualTo("file:mixed.jsonl");
        assertThat(letter.sourcePartition()).isEqualTo(-1);
        assertThat(letter.sourceOffset()).isEqualTo(5);
        assertThat(letter.original()).isEqualTo(new byte[] {'{', '"', (byte) 0xFF, '"', '}'});
        assertThat(ContractJson.readDeadLetter(ContractJson.write(letter)).value())
                .isEqualTo(letter);
        assertThatThrownBy(() -> rows.get(0).deadLetter("f", 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsGzipFilesWhateverTheirName() throws Exception {
        Path plain = dir.resolve("clicks.jsonl");
        Path gz = dir.resolve("clicks.jsonl.gz");
        Path misnamed = dir.resolve("clicks.log");
        Files.write(plain, mixedLog());
        Files.write(gz, gzip(mixedLog()));
        Files.write(misnamed, gzip(mixedLog()));
        List<InputRow<Click>> expected =
                readAll(JsonLinesReader.clicks(plain, ContractReader.defaults()));
        for (Path file : List.of(gz, misnamed)) {
            List<InputRow<Click>> rows =
                    readAll(JsonLinesReader.clicks(file, ContractReader.defaults()));
            assertThat(rows)
                    .extracting(InputRow::parsed)
                    .isEqualTo(expected.stream().map(InputRow::parsed).toList());
        }
    }

    @Test
    void aTruncatedGzipStreamIsAnInputFailureNamingThePosition() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        for (int i = 0; i < 3000; i++) {
            log.writeBytes(
                    ContractJson.write(
                            Clicks.click(
                                    "user-" + i,
                                    "10.0." + (i % 250) + "." + (i % 199),
                                    T0.plusSeconds(i))));
            log.write('\n');
        }
        byte[] body = log.toByteArray();
        byte[] gz = gzip(body);
        byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
        JsonLinesReader<Click> reader =
                JsonLinesReader.clicks(
                        "cut.jsonl.gz",
                        new ByteArrayInputStream(truncated),
                        ContractReader.defaults());
        assertThatThrownBy(() -> reader.forEachRemaining(row -> {}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read cut.jsonl.gz after line ");
        assertThat(reader.counts().accepted()).isPositive();
    }

    @Test
    void anEmptyInputHasNoRows() throws Exception {
        JsonLinesReader<Click> reader =
                JsonLinesReader.clicks(
                        "empty", new ByteArrayInputStream(new byte[0]), ContractReader.defaults());
        assertThat(reader.hasNext()).isFalse();
        assertThat(reader.counts().read()).isZero();
        assertThatThrownBy(reader::next).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void readsConversionsAndRfmRows() throws Exception {
        Path conversions = dir.resolve("conversions.jsonl");
        Conversion purchase = new Conversion("c-1", T0.toEpochMilli(), Conversion.Kind.PURCHASE);
        Files.write(
                conversions,
                concat(
                        ContractJson.write(purchase),
                        utf8("\n{\"click_id\":\"c-2\",\"ts\":1,\"kind\":\"purchase\"}\n")));
        try (JsonLinesReader<Conversion> reader =
                JsonLinesReader.conversions(conversions, ContractReader.defaults())) {
            List<InputRow<Conversion>> rows = reader.stream().toList();
            assertThat(rows.get(0).parsed().value()).isEqualTo(purchase);
            assertThat(rows.get(1).parsed().reasonOrNull())
                    .isEqualTo(ReasonCode.TIMESTAMP_OUT_OF_RANGE);
        }
        Path rfm = dir.resolve("rfm.jsonl.gz");
        RfmRow row = new RfmRow("u-1", 5, 4, 3);
        Files.write(
                rfm,
                gzip(
                        concat(
                                ContractJson.write(row),
                                utf8(
                                        "\n{\"customer_id\":\"u-2\",\"recency\":9,\"frequency\":1,"
                                                + "\"monetary\":1}"))));
        try (JsonLinesReader<RfmRow> reader =
                JsonLinesReader.rfmRows(rfm, ContractReader.defaults())) {
            List<InputRow<RfmRow>> rows = reader.stream().toList();
            assertThat(rows.get(0).parsed().value()).isEqualTo(row);
            assertThat(rows.get(1).parsed().reasonOrNull()).isEqualTo(ReasonCode.INVALID_VALUE);
        }
    }
}
