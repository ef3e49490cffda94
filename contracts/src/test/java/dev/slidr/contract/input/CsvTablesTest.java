package dev.slidr.contract.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixed-column conversion and RFM tables: columns by name, bad rows rejected by number. */
class CsvTablesTest {

    @TempDir Path dir;

    private static final long T = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

    @Test
    void readsConversionsWithColumnsInAnyOrder() throws Exception {
        Path file = dir.resolve("conversions.csv");
        Files.writeString(
                file,
                "kind,amount,click_id,ts\r\n"
                        + "purchase,12.50,c-1,"
                        + T
                        + "\r\n"
                        + "refund,3.00,c-2,"
                        + T
                        + "\r\n"
                        + "purchase,1.00,c-3,yesterday\r\n"
                        + "purchase,1.00,,"
                        + T
                        + "\r\n"
                        + "purchase,1.00,c-5,99999999999999999999\r\n"
                        + "purchase,1.00\r\n");
        try (RecordReader<Conversion> reader =
                CsvTables.conversions(file, ContractReader.defaults())) {
            List<InputRow<Conversion>> rows = reader.stream().toList();
            assertThat(rows.get(0).parsed().value())
                    .isEqualTo(new Conversion("c-1", T, Conversion.Kind.PURCHASE));
            assertThat(rows).extracting(InputRow::number).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(rows)
                    .extracting(r -> r.parsed().reasonOrNull())
                    .containsExactly(
                            null,
                            ReasonCode.INVALID_VALUE,
                            ReasonCode.WRONG_TYPE,
                            ReasonCode.NULL_FIELD,
                            ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                            ReasonCode.MISSING_FIELD);
            assertThat(reader.counts().accepted()).isEqualTo(1);
        }
    }

    @Test
    void readsRfmRows() throws Exception {
        byte[] csv =
                ("\uFEFFcustomer_id,recency,frequency,monetary\n"
                                + "u-1,5,4,3\n"
                                + "u-2,6,1,1\n"
                                + "u-3,five,1,1\n"
                                + "u-4,1,1,-2\n"
                                + "u-5,1,1,1.5\n"
                                + "\"u,6\",2,2,2\n")
                        .getBytes(StandardCharsets.UTF_8);
        try (RecordReader<RfmRow> reader =
                CsvTables.rfmRows(
                        "rfm.csv", new ByteArrayInputStream(csv), ContractReader.defaults())) {
            List<InputRow<RfmRow>> rows = reader.stream().toList();
            assertThat(rows)
                    .extracting(r -> r.parsed().reasonOrNull())
                    .containsExactly(
                            null,
                            ReasonCode.INVALID_VALUE,
                            ReasonCode.WRONG_TYPE,
                            ReasonCode.INVALID_VALUE,
                            ReasonCode.WRONG_TYPE,
                            null);
            assertThat(rows.get(0).parsed().value()).isEqualTo(new RfmRow("u-1", 5, 4, 3));
            assertThat(rows.get(5).parsed().value().customerId()).isEqualTo("u,6");
        }
    }

    @Test
    void aHeaderWithoutARequiredColumnIsRefusedAtOpen() {
        byte[] csv = "customer_id,recency,frequency\nu-1,1,1\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                CsvTables.rfmRows(
                                        "rfm.csv",
                                        new ByteArrayInputStream(csv),
                                        ContractReader.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "rfm.csv: the header lacks column \"monetary\" (needs customer_id,"
                                + " recency, frequency, monetary), has [customer_id, recency,"
                                + " frequency]");
    }
}
