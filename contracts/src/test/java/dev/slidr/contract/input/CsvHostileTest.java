package dev.slidr.contract.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.ContractReader;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.RfmRow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV records that would exhaust memory, and a quote that never closes, against the readers. */
class CsvHostileTest {

    private static final String HEADER = "customer_id,recency,frequency,monetary\n";

    @Test
    void aCellLargerThanTheHeapIsRejectedAsOversizedAndReadingGoesOn() throws Exception {
        // more chars than the heap holds: buffered whole, this cell would end in OutOfMemoryError
        long cellBytes = Runtime.getRuntime().maxMemory() + 1;
        InputStream in =
                new SequenceInputStream(
                        java.util.Collections.enumeration(
                                List.of(
                                        text(HEADER + "u-1,5,4,3\nu-2,1,1,\""),
                                        new Repeated((byte) 'x', cellBytes),
                                        text("\"\nu-3,2,2,2\n"))));
        try (RecordReader<RfmRow> reader =
                CsvTables.rfmRows("rfm.csv", in, ContractReader.defaults())) {
            List<InputRow<RfmRow>> rows = reader.stream().toList();
            assertThat(rows)
                    .extracting(r -> r.parsed().reasonOrNull())
                    .containsExactly(null, ReasonCode.OVERSIZED, null);
            assertThat(rows).extracting(InputRow::number).containsExactly(2L, 3L, 4L);
            assertThat(rows.get(2).parsed().value()).isEqualTo(new RfmRow("u-3", 2, 2, 2));
            assertThat(rows.get(1).parsed().toString()).contains("skipped unread");
            InputCounts counts = reader.counts();
            assertThat(counts.read()).isEqualTo(3);
            assertThat(counts.accepted()).isEqualTo(2);
            assertThat(counts.rejected()).isEqualTo(Map.of(ReasonCode.OVERSIZED, 1L));
            assertThat(counts.complete()).isTrue();
        }
    }

    @Test
    void anUnterminatedQuoteSaysHowMuchOfTheFileWasNotRead() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 100; i++) {
            csv.append("u-").append(i).append(",1,2,3\n");
        }
        String good = csv.toString();
        String bad = "\"u-x,1,2,3\n";
        StringBuilder rest = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            rest.append("v-").append(i).append(",1,2,3\n");
        }
        byte[] bytes = (good + bad + rest).getBytes(StandardCharsets.UTF_8);
        try (RecordReader<RfmRow> reader =
                CsvTables.rfmRows(
                        "rfm.csv", new ByteArrayInputStream(bytes), ContractReader.defaults())) {
            List<InputRow<RfmRow>> rows = reader.stream().toList();
            assertThat(rows).hasSize(101);
            InputRow<RfmRow> last = rows.get(100);
            assertThat(last.number()).isEqualTo(102);
            assertThat(last.parsed().reasonOrNull()).isEqualTo(ReasonCode.MALFORMED_CSV);
            long unread = bytes.length - good.length();
            assertThat(last.parsed().toString())
                    .contains(
                            "the rest of the file was not read ("
                                    + good.length()
                                    + " of "
                                    + bytes.length
                                    + " bytes read, "
                                    + unread
                                    + " unread)");
            InputCounts counts = reader.counts();
            assertThat(counts.accepted()).isEqualTo(100);
            assertThat(counts.bytes()).isEqualTo(bytes.length);
            assertThat(counts.unreadBytes()).isEqualTo(unread);
            assertThat(counts.complete()).isFalse();
        }
    }

    @Test
    void aCompleteFileCountsEveryByte() throws Exception {
        byte[] bytes =
                ("\uFEFF" + HEADER + "u-1,5,4,3\r\n\r\n\"u,2\",1,1,1\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        try (RecordReader<RfmRow> reader =
                CsvTables.rfmRows(
                        "rfm.csv", new ByteArrayInputStream(bytes), ContractReader.defaults())) {
            assertThat(reader.stream().filter(InputRow::isOk).count()).isEqualTo(2);
            assertThat(reader.counts().bytes()).isEqualTo(bytes.length);
            assertThat(reader.counts().complete()).isTrue();
        }
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code length} copies of one byte, generated as read. */
    static final class Repeated extends InputStream {
        private final byte value;
        private long left;

        Repeated(byte value, long length) {
            this.value = value;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, value);
            left -= n;
            return n;
        }
    }
}
