package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files appear whole or not at all; a full disk and an out-of-range start stop early. */
class StagedOutputTest {

    @TempDir Path tmp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCompletedRunPutsEveryFileInPlaceAndLeavesNoTemporaryFile() throws IOException {
        new TrafficSimulator(SmallConfigs.tiny(), 3, TrafficSimulator.DEFAULT_START, 1)
                .writeTo(tmp, false, ProgressListener.NONE);
        assertThat(names(tmp))
                .containsExactly(
                        OutputFiles.CLICKS,
                        OutputFiles.CONVERSIONS,
                        OutputFiles.RFM,
                        OutputFiles.SUMMARY,
                        OutputFiles.TRUTH);
    }

    @Test
    void aSinkClosedBeforeItsRunCompletedLeavesNothing() throws IOException {
        FileTrafficSink sink = new FileTrafficSink(tmp, true, true);
        sink.click(
                dev.slidr.contract.ContractJson.readClick(
                                ("{\"click_id\":\"c\",\"ts\":1748836800000,\"user_id\":null,"
                                                + "\"session_id\":\"s\",\"ip\":\"10.0.0.1\","
                                                + "\"user_agent\":\"x\",\"device\":\"desktop\","
                                                + "\"logged_in\":false,\"ad_id\":\"a\","
                                                + "\"advertiser_id\":\"v\",\"placement\":\"p\"}")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .value(),
                TrafficKind.values()[0]);
        assertThat(names(tmp)).hasSize(3).allMatch(n -> n.startsWith(".") && n.endsWith(".part"));
        sink.close();
        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void aRunThatWouldFillTheDiskStopsAndLeavesNothing() throws IOException {
        TrafficSimulator simulator =
                new TrafficSimulator(SmallConfigs.tiny(), 3, TrafficSimulator.DEFAULT_START, 30);
        FileTrafficSink sink =
                new FileTrafficSink(tmp, false, true)
                        .checkingRoom(simulator.startMs(), simulator.endMs(), () -> 1024);
        assertThatThrownBy(
                        () -> {
                            try (sink) {
                                simulator.run(sink, ProgressListener.NONE);
                            }
                        })
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("not enough disk space: the output would be about ")
                .hasMessageEndingWith(" MB are free; use fewer --days or another --out");
        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void daysOutsideTheContractsTimestampWindowAreRefused() {
        assertThatThrownBy(
                        () ->
                                new TrafficSimulator(
                                        SmallConfigs.tiny(), 1, LocalDate.of(2099, 12, 31), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the simulated days 2099-12-31 .. 2099-12-31 must lie in"
                                + " [2000-01-01T00:00:00Z, 2099-12-01T00:00:00Z): the contracts'"
                                + " timestamp window, less 31 days for late purchases, so that"
                                + " train accepts every record");
        assertThatThrownBy(
                        () ->
                                new TrafficSimulator(
                                        SmallConfigs.tiny(), 1, LocalDate.of(1999, 12, 31), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
