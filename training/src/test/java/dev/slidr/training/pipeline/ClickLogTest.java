package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The click log as one stream in event-time order over files in any order; bad rows counted. */
class ClickLogTest {

    static final long T0 = 1_748_836_800_000L;

    @TempDir Path dir;

    static String click(String id, long ts) {
        return "{\"click_id\":\""
                + id
                + "\",\"ts\":"
                + (T0 + ts)
                + ",\"user_id\":null,\"session_id\":\"s1\",\"ip\":\"76.116.134.198\","
                + "\"user_agent\":\"Mozilla/5.0\",\"device\":\"desktop\",\"logged_in\":false,"
                + "\"ad_id\":\"ad-1\",\"advertiser_id\":\"adv-1\",\"placement\":\"home_feed\"}\n";
    }

    private List<Click> readAll(Path spec, InputReport report) throws IOException {
        List<Click> out = new ArrayList<>();
        try (ClickLog log =
                ClickLog.open(
                        spec, null, ContractReader.defaults(), report, Duration.ofSeconds(5))) {
            for (Click c = log.next(); c != null; c = log.next()) {
                out.add(c);
            }
            log.ended();
        }
        return out;
    }

    @Test
    void filesInAnyOrderAndSlightlyUnorderedWithinAreMergedByEventTime() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), click("c3", 3000) + click("c4", 4000));
        try (OutputStream out =
                new GZIPOutputStream(Files.newOutputStream(dir.resolve("b.jsonl.gz")))) {
            // c2 arrives one second behind c5: within the bound
            out.write(
                    (click("c1", 1000) + click("c5", 3000) + click("c2", 2000))
                            .getBytes(StandardCharsets.UTF_8));
        }
        InputReport report = new InputReport();
        List<Click> clicks = readAll(dir, report);
        assertThat(clicks).extracting(Click::clickId).containsExactly("c1", "c2", "c3", "c5", "c4");
        assertThat(report.read(TrainingInputs.CLICKS)).isEqualTo(5);
        assertThat(report.accepted(TrainingInputs.CLICKS)).isEqualTo(5);
    }

    @Test
    void malformedEmptyAndOversizedLinesAreCountedNotFatal() throws IOException {
        String huge = "{\"click_id\":\"" + "x".repeat(2_000_000) + "\"}\n";
        Files.writeString(
                dir.resolve("clicks.jsonl"),
                click("a", 1000) + "{not json\n" + "\n" + huge + click("b", 2000));
        Files.writeString(dir.resolve("empty.jsonl"), "");
        InputReport report = new InputReport();
        List<Click> clicks = readAll(dir, report);
        assertThat(clicks).extracting(Click::clickId).containsExactly("a", "b");
        assertThat(report.accepted(TrainingInputs.CLICKS)).isEqualTo(2);
        assertThat(report.rejectedTotal(TrainingInputs.CLICKS)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aGlobSelectsFilesByName() throws IOException {
        Files.writeString(dir.resolve("clicks-1.jsonl"), click("a", 1000));
        Files.writeString(dir.resolve("other.jsonl"), click("b", 2000));
        assertThat(readAll(dir.resolve("clicks-*.jsonl"), new InputReport()))
                .extracting(Click::clickId)
                .containsExactly("a");
    }

    @Test
    void aGlobMatchingNothingAMissingFileAndAnEmptyDirectoryAreRefused() throws IOException {
        assertThatThrownBy(() -> ClickLog.files(dir.resolve("clicks-*.jsonl")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("matches no file");
        assertThatThrownBy(() -> ClickLog.files(dir.resolve("missing.jsonl")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ClickLog.files(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("without click files");
    }

    @Test
    void aClickFurtherBehindThanTheBoundIsTakenInArrivalOrderAndCounted() throws IOException {
        Files.writeString(
                dir.resolve("clicks.jsonl"),
                click("a", 1000)
                        + click("b", 60_000)
                        + click("x", 70_000)
                        + click("c", 2000)
                        + click("d", 71_000));
        List<Click> clicks;
        try (ClickLog log =
                ClickLog.open(
                        dir,
                        null,
                        ContractReader.defaults(),
                        new InputReport(),
                        Duration.ofSeconds(5))) {
            clicks = new ArrayList<>();
            for (Click c = log.next(); c != null; c = log.next()) {
                clicks.add(c);
            }
            assertThat(log.late()).isEqualTo(1);
        }
        assertThat(clicks).extracting(Click::clickId).containsExactly("a", "b", "c", "x", "d");
    }
}
