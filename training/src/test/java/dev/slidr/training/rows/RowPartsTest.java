package dev.slidr.training.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.FeatureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowPartsTest {

    @TempDir Path tmp;

    private static RowFile.Row row(long seq) {
        RowFile.Row r = new RowFile.Row(FeatureSchema.CURRENT.size());
        r.ts = 1_000 + seq;
        r.idHash = seq * 31;
        r.x[0] = seq;
        r.slice = (int) (seq % 6);
        r.flags = (int) (seq % 16);
        r.truth = (byte) (seq % 3 - 1);
        r.hourOfDay = (int) (seq % 24);
        r.dayOfWeek = (int) (seq % 7);
        return r;
    }

    private Path part(String name, long... seqs) throws IOException {
        Path file = tmp.resolve(name);
        try (RowParts.Writer out = new RowParts.Writer(file)) {
            for (long s : seqs) {
                out.write(s, row(s));
            }
        }
        return file;
    }

    @Test
    void ordersInterleavedPartsByClickNumberSkippingClicksWithoutRows() throws IOException {
        // clicks 0..129, of which 3, 64 and 100 have no row (left out), spread over two parts
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (long s = 129; s >= 0; s--) {
            if (s == 3 || s == 64 || s == 100) {
                continue;
            }
            (s % 3 == 0 ? a : b).add(s);
        }
        Path pa = part("a", a.stream().mapToLong(Long::longValue).toArray());
        Path pb = part("b", b.stream().mapToLong(Long::longValue).toArray());
        Path out = tmp.resolve("rows");
        List<Long> visited = new ArrayList<>();
        long rows = RowParts.order(List.of(pa, pb), 130, out, (seq, r) -> visited.add(seq));

        assertThat(rows).isEqualTo(127);
        assertThat(visited).hasSize(127).doesNotHaveDuplicates();
        Path expected = tmp.resolve("expected");
        try (RowFile.Writer w =
                new RowFile.Writer(
                        expected,
                        RowFile.schemaNumber(FeatureSchema.CURRENT.version()),
                        FeatureSchema.CURRENT.size())) {
            for (long s = 0; s < 130; s++) {
                if (s != 3 && s != 64 && s != 100) {
                    w.write(row(s));
                }
            }
        }
        assertThat(Files.mismatch(out, expected)).isEqualTo(-1L);
    }

    @Test
    void noPartsGiveAnEmptyRowFile() throws IOException {
        Path out = tmp.resolve("rows");
        assertThat(RowParts.order(List.of(), 0, out, (seq, r) -> {})).isZero();
        try (RowFile.Reader in = new RowFile.Reader(out)) {
            assertThat(in.next()).isNull();
        }
    }

    @Test
    void aRepeatedOrOutOfRangeClickNumberIsRefused() throws IOException {
        Path twice = part("twice", 1, 2, 1);
        assertThatThrownBy(() -> RowParts.order(List.of(twice), 5, tmp.resolve("o1"), (s, r) -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("repeats click number 1");
        Path beyond = part("beyond", 0, 7);
        assertThatThrownBy(
                        () -> RowParts.order(List.of(beyond), 5, tmp.resolve("o2"), (s, r) -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("click number 7 of 5");
    }

    @Test
    void aRowFileIsNotAPartAndACutPartIsRefused() throws IOException {
        Path rowFile = tmp.resolve("plain");
        new RowFile.Writer(rowFile, 2, FeatureSchema.CURRENT.size()).close();
        assertThatThrownBy(
                        () -> RowParts.order(List.of(rowFile), 5, tmp.resolve("o"), (s, r) -> {}))
                .hasMessageContaining("is not a training row file");
        Path cut = part("cut", 0, 1);
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> RowParts.order(List.of(cut), 5, tmp.resolve("o3"), (s, r) -> {}))
                .hasMessageContaining("cut short");
    }
}
