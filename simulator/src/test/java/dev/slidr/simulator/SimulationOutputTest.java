package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.simulator.testing.TestingTrafficSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a run writes: determinism, formats, truth coverage, gzip. */
class SimulationOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void sameSeedAndConfigGiveByteIdenticalFilesWhateverTheThreads() throws IOException {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        simulator(7).threads(1).writeTo(a, false, ProgressListener.NONE);
        simulator(7).threads(3).writeTo(b, false, ProgressListener.NONE);
        for (String name :
                List.of(
                        OutputFiles.CLICKS,
                        OutputFiles.CONVERSIONS,
                        OutputFiles.TRUTH,
                        OutputFiles.RFM,
                        OutputFiles.SUMMARY)) {
            assertThat(Files.size(a.resolve(name))).as(name).isPositive();
            assertThat(Files.mismatch(a.resolve(name), b.resolve(name))).as(name).isEqualTo(-1L);
        }
    }

    @Test
    void differentSeedsGiveDifferentTraffic() throws IOException {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        simulator(7).writeTo(a, false, ProgressListener.NONE);
        simulator(8).writeTo(b, false, ProgressListener.NONE);
        assertThat(Files.mismatch(a.resolve(OutputFiles.CLICKS), b.resolve(OutputFiles.CLICKS)))
                .isNotEqualTo(-1L);
    }

    @Test
    void truthCoversEveryClickExactlyOnceAndNeverLeaksIntoClicks() throws IOException {
        simulator(3).writeTo(tmp, false, ProgressListener.NONE);
        List<String> clickIds = new ArrayList<>();
        try (Stream<String> lines = Files.lines(tmp.resolve(OutputFiles.CLICKS))) {
            lines.forEach(
                    line -> {
                        JsonNode click = read(line);
                        assertThat(click.has("kind")).isFalse();
                        assertThat(click.has("is_robot")).isFalse();
                        assertThat(line).doesNotContain("human_gateway", "crawler", "botnet");
                        clickIds.add(click.get("click_id").asText());
                    });
        }
        List<String> truth = Files.readAllLines(tmp.resolve(OutputFiles.TRUTH));
        assertThat(truth.get(0)).isEqualTo("click_id,is_robot,kind");
        List<String> truthIds = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        for (String row : truth.subList(1, truth.size())) {
            String[] cells = row.split(",", -1);
            assertThat(cells).hasSize(3);
            TrafficKind kind = TrafficKind.fromWireName(cells[2]).orElseThrow();
            assertThat(cells[1]).isEqualTo(Boolean.toString(kind.isRobot()));
            truthIds.add(cells[0]);
            kinds.add(cells[2]);
        }
        assertThat(truthIds).isEqualTo(clickIds).doesNotHaveDuplicates();
        assertThat(kinds).contains("human", "human_gateway", "crawler", "botnet");
    }

    @Test
    void writesTheRfmTableAndConversionsInTheirFormats() throws IOException {
        SimulationSummary summary = simulator(5).writeTo(tmp, false, ProgressListener.NONE);
        List<String> rfm = Files.readAllLines(tmp.resolve(OutputFiles.RFM));
        assertThat(rfm.get(0)).isEqualTo("customer_id,recency,frequency,monetary");
        assertThat(rfm.subList(1, rfm.size()))
                .hasSize(summary.customers())
                .allMatch(row -> row.matches("c[0-9a-f]{14},[1-5],[1-5],[1-5]"));
        List<String> conversions = Files.readAllLines(tmp.resolve(OutputFiles.CONVERSIONS));
        assertThat(conversions).hasSize((int) summary.conversions()).isNotEmpty();
        JsonNode first = read(conversions.get(0));
        assertThat(first.get("kind").asText()).isEqualTo("purchase");
        assertThat(first.get("ts").isIntegralNumber()).isTrue();
        JsonNode written = JSON.readTree(tmp.resolve(OutputFiles.SUMMARY).toFile());
        assertThat(written.get("clicks").asLong()).isEqualTo(summary.clicks());
        assertThat(written.get("kinds").get("click_farm").get("conversions").asLong()).isZero();
    }

    @Test
    void gzipCompressesTheEventFiles() throws IOException {
        SimulationSummary summary = simulator(5).writeTo(tmp, true, ProgressListener.NONE);
        Path clicks = tmp.resolve(OutputFiles.CLICKS + OutputFiles.GZIP_SUFFIX);
        assertThat(tmp.resolve(OutputFiles.CLICKS)).doesNotExist();
        long lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(clicks));
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            lines = reader.lines().count();
        }
        assertThat(lines).isEqualTo(summary.clicks());
        assertThat(tmp.resolve(OutputFiles.TRUTH + OutputFiles.GZIP_SUFFIX)).exists();
        assertThat(tmp.resolve(OutputFiles.CONVERSIONS + OutputFiles.GZIP_SUFFIX)).exists();
    }

    @Test
    void reportsProgressUpToTheEnd() throws IOException {
        List<Double> fractions = new ArrayList<>();
        simulator(5)
                .run(
                        new TestingTrafficSink(),
                        (fraction, until, clicks, conversions) -> fractions.add(fraction));
        assertThat(fractions).hasSize(24).isSorted();
        assertThat(fractions.get(23)).isEqualTo(1.0);
    }

    private static TrafficSimulator simulator(long seed) {
        return new TrafficSimulator(SmallConfigs.tiny(), seed, TrafficSimulator.DEFAULT_START, 1);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
