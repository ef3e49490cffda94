package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.testing.Clicks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archived clicks become the work file the replay's source reads, in input order. */
class PreparedClicksTest {

    private static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
    private static final ReplayWindow WINDOW =
            new ReplayWindow(FROM, FROM.plus(Duration.ofHours(1)), Duration.ofMinutes(10));

    @TempDir Path tmp;

    private static String json(String id, Instant at) {
        Click c = Clicks.builder("u", "198.51.100.1", at).clickId(id).build();
        return new String(ContractJson.write(c), StandardCharsets.UTF_8);
    }

    private List<String> ids(Path work) throws Exception {
        List<String> ids = new ArrayList<>();
        long records = Files.size(work);
        try (PreparedClicks.Reader in = new PreparedClicks.Reader(work)) {
            while (records > 0) {
                byte[] json = in.next();
                records -= 24 + json.length;
                Click click = ContractJson.readClick(json).value();
                assertThat(in.time()).isEqualTo(click.ts());
                ids.add(click.clickId());
            }
        }
        return ids;
    }

    @Test
    void aDirectoryIsReadInNameOrderKeepingOnlyTheWarmUpAndTheWindow() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("archive"));
        Files.write(
                dir.resolve("b.jsonl"),
                List.of(json("b1", FROM), json("late", FROM.plus(Duration.ofHours(2)))));
        Files.write(
                dir.resolve("a.jsonl"),
                List.of(
                        json("early", FROM.minus(Duration.ofHours(1))),
                        json("a1", FROM.minusSeconds(60))));
        Files.write(dir.resolve(".hidden"), List.of("ignored"));
        Path work = tmp.resolve("work.jsonl");

        PreparedClicks prepared =
                PreparedClicks.prepare(
                        new ReplaySource.Files(List.of(dir), null),
                        WINDOW,
                        work,
                        d -> {},
                        ReplayListener.SILENT);

        assertThat(ids(work)).containsExactly("a1", "b1");
        assertThat(prepared.clicks()).isEqualTo(2);
        assertThat(prepared.outside()).isEqualTo(2);
    }

    @Test
    void rejectedRowsBecomeDeadLettersWithTheAdaptersReason() throws Exception {
        Path file = tmp.resolve("clicks.jsonl");
        Files.write(
                file,
                List.of(
                        json("ok", FROM),
                        "{\"click_id\": 7}",
                        "garbage \u0000",
                        "x".repeat(2_000_000)));
        List<DeadLetter> dead = new ArrayList<>();

        PreparedClicks prepared =
                PreparedClicks.prepare(
                        new ReplaySource.Files(List.of(file), null),
                        WINDOW,
                        tmp.resolve("work"),
                        dead::add,
                        ReplayListener.SILENT);

        assertThat(prepared.clicks()).isEqualTo(1);
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(DeadLetter::sourceOffset).containsExactly(2L, 3L, 4L);
    }

    @Test
    void aLineWithATimeInTheWindowIsLeftForTheJobsParseWithItsFileAndLine() throws Exception {
        Path file = tmp.resolve("clicks.jsonl");
        String badIp = json("bad-ip", FROM).replace("198.51.100.1", "999.1.1.1");
        String badIpOutside =
                json("bad-ip-late", FROM.plus(Duration.ofHours(3)))
                        .replace("198.51.100.1", "999.1.1.1");
        Files.write(file, List.of(json("ok", FROM), badIp, badIpOutside));
        Path work = tmp.resolve("work");
        List<DeadLetter> dead = new ArrayList<>();

        PreparedClicks prepared =
                PreparedClicks.prepare(
                        new ReplaySource.Files(List.of(file), null),
                        WINDOW,
                        work,
                        dead::add,
                        ReplayListener.SILENT);

        // the line outside the window is decoded here: a dead letter, not an outside click
        assertThat(dead).singleElement().extracting(DeadLetter::sourceOffset).isEqualTo(3L);
        assertThat(dead.get(0).sourceTopic()).isEqualTo("replay-files:" + file);
        assertThat(prepared.outside()).isZero();
        assertThat(prepared.clicks()).isEqualTo(2);
        assertThat(prepared.sources()).containsExactly("replay-files:" + file);
        try (PreparedClicks.Reader in = new PreparedClicks.Reader(work)) {
            in.next();
            assertThat(in.line()).isEqualTo(1);
            byte[] second = in.next();
            assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo(badIp);
            assertThat(in.source()).isZero();
            assertThat(in.line()).isEqualTo(2);
            assertThat(in.time()).isEqualTo(FROM.toEpochMilli());
        }
    }

    @Test
    void theTimeIsFoundWithoutDecodingAndOnlyAsAWholeNumber() {
        assertThat(ClickTime.of(json("a", FROM).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(FROM.toEpochMilli());
        assertThat(bytes("{\"x\":{\"ts\":1},\"y\":[1,{\"ts\":2}],\"ts\":3}")).isEqualTo(3);
        assertThat(bytes("{\"ts\":\"yesterday\"}")).isEqualTo(ClickTime.UNKNOWN);
        assertThat(bytes("{\"ts\":1.5e12}")).isEqualTo(ClickTime.UNKNOWN);
        assertThat(bytes("{\"ts\":123456789012345678901234567890}")).isEqualTo(ClickTime.UNKNOWN);
        assertThat(bytes("[1,2]")).isEqualTo(ClickTime.UNKNOWN);
        assertThat(bytes("{\"click_id\":\"a\"}")).isEqualTo(ClickTime.UNKNOWN);
        assertThat(bytes("{\"click_id\":\"a\", garbage")).isEqualTo(ClickTime.UNKNOWN);
        assertThat(bytes("")).isEqualTo(ClickTime.UNKNOWN);
        assertThat(bytes("{\"a\":" + "[".repeat(5_000))).isEqualTo(ClickTime.UNKNOWN);
    }

    private static long bytes(String json) {
        return ClickTime.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvWithAMappingIsReadWithTrainsAdapter() throws Exception {
        Path file = tmp.resolve("clicks.csv");
        Files.write(
                file,
                List.of(
                        "id,time,user,session,ip,ua,device,logged_in,ad,advertiser,placement",
                        "c1,"
                                + FROM
                                + ",u1,s1,198.51.100.1,Mozilla/5.0"
                                + " Chrome/126.0,desktop,true,ad-1,adv-1,top"));
        Path mapping = tmp.resolve("mapping.json");
        Files.writeString(
                mapping,
                """
                {"version": 1, "csv": {"delimiter": ",", "header": true}, "fields": {
                  "click_id": {"column": "id"},
                  "ts": {"column": "time", "format": "iso_8601", "zone": "UTC"},
                  "user_id": {"column": "user"}, "session_id": {"column": "session"},
                  "ip": {"column": "ip"}, "user_agent": {"column": "ua"},
                  "device": {"column": "device"},
                  "logged_in": {"column": "logged_in", "truthy": ["true"], "falsy": ["false"]},
                  "ad_id": {"column": "ad"}, "advertiser_id": {"column": "advertiser"},
                  "placement": {"column": "placement"}}}
                """);
        Path work = tmp.resolve("work");
        List<DeadLetter> dead = new ArrayList<>();

        PreparedClicks.prepare(
                new ReplaySource.Files(List.of(file), CsvMapping.load(mapping)),
                WINDOW,
                work,
                dead::add,
                ReplayListener.SILENT);

        assertThat(dead).isEmpty();
        assertThat(ids(work)).containsExactly("c1");
    }

    @Test
    void aMissingPathOrAnEmptyDirectoryIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        assertThatThrownBy(() -> PreparedClicks.inputs(List.of(tmp.resolve("nope"))))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("no such click file or directory");
        assertThatThrownBy(() -> PreparedClicks.inputs(List.of(empty)))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("no click files in directory");
    }

    @Test
    void aWorkFileCutShortIsReadAsAnErrorNotAsFewerClicks() throws Exception {
        Path file = tmp.resolve("clicks.jsonl");
        Files.write(file, List.of(json("a1", FROM), json("a2", FROM.plusSeconds(1))));
        Path work = tmp.resolve("work");
        PreparedClicks.prepare(
                new ReplaySource.Files(List.of(file), null),
                WINDOW,
                work,
                d -> {},
                ReplayListener.SILENT);
        byte[] whole = Files.readAllBytes(work);
        Files.write(work, java.util.Arrays.copyOf(whole, whole.length - 5));

        try (PreparedClicks.Reader in = new PreparedClicks.Reader(work)) {
            assertThat(ContractJson.readClick(in.next()).value().clickId()).isEqualTo("a1");
            assertThatThrownBy(in::next)
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("ended early");
        }
    }

    @Test
    void deadLettersKeepTheOrderOfTheirRowsWhileTheRowsOutsideAreCheckedMeanwhile()
            throws Exception {
        // more rows than the checking thread takes in one batch, every kind of row mixed
        List<String> lines = new ArrayList<>();
        List<Long> expectedDead = new ArrayList<>();
        int inWindow = 0;
        int outsideValid = 0;
        for (int i = 0; i < 5_000; i++) {
            Instant late = FROM.plus(Duration.ofHours(2)).plusMillis(i);
            // too-long rows only among the first ones, to keep the file small
            int kind = i < 60 ? i % 5 : i % 4;
            switch (kind) {
                case 0 -> {
                    lines.add(json("in-" + i, FROM.plusMillis(i)));
                    inWindow++;
                }
                case 1 -> {
                    lines.add(json("late-" + i, late));
                    outsideValid++;
                }
                case 2 -> {
                    // outside the window and invalid: checked on the other thread
                    lines.add(json("bad-" + i, late).replace("198.51.100.1", "999.1.1.1"));
                    expectedDead.add(i + 1L);
                }
                case 3 -> {
                    // no time without decoding: decoded on the reading thread
                    lines.add("garbage " + i);
                    expectedDead.add(i + 1L);
                }
                default -> {
                    // too long: the adapter's own rejection
                    lines.add("x".repeat(1_100_000));
                    expectedDead.add(i + 1L);
                }
            }
        }
        Path file = tmp.resolve("clicks.jsonl");
        Files.write(file, lines);
        List<DeadLetter> dead = new ArrayList<>();
        List<String> threads = new ArrayList<>();

        PreparedClicks prepared =
                PreparedClicks.prepare(
                        new ReplaySource.Files(List.of(file), null),
                        WINDOW,
                        tmp.resolve("work"),
                        d -> {
                            dead.add(d);
                            threads.add(Thread.currentThread().getName());
                        },
                        ReplayListener.SILENT);

        assertThat(dead)
                .extracting(DeadLetter::sourceOffset)
                .containsExactlyElementsOf(expectedDead);
        assertThat(threads).containsOnly("replay-outside-rows");
        assertThat(prepared.clicks()).isEqualTo(inWindow);
        assertThat(prepared.outside()).isEqualTo(outsideValid);
        assertThat(checkingThreadAlive()).isFalse();
    }

    @Test
    void aDeadLetterThatCannotBeWrittenStopsTheReadingWithItsError() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            lines.add(
                    json("bad-" + i, FROM.plus(Duration.ofHours(2)))
                            .replace("198.51.100.1", "999.1.1.1"));
        }
        Path file = tmp.resolve("clicks.jsonl");
        Files.write(file, lines);

        assertThatThrownBy(
                        () ->
                                PreparedClicks.prepare(
                                        new ReplaySource.Files(List.of(file), null),
                                        WINDOW,
                                        tmp.resolve("work"),
                                        d -> {
                                            throw new java.io.UncheckedIOException(
                                                    new java.io.IOException("disk full"));
                                        },
                                        ReplayListener.SILENT))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("disk full");
        assertThat(checkingThreadAlive()).isFalse();
    }

    @Test
    void theReadingReportsTheFilesBytesAsStoredOfTheirSize() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("archive"));
        // more rows than one report's worth, and a gzip file, whose bytes count as stored
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 100_500; i++) {
            rows.add("{}");
        }
        Files.write(dir.resolve("a.jsonl"), rows);
        try (java.io.OutputStream gz =
                new java.util.zip.GZIPOutputStream(
                        Files.newOutputStream(dir.resolve("b.jsonl.gz")))) {
            gz.write((json("b1", FROM) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        long size = Files.size(dir.resolve("a.jsonl")) + Files.size(dir.resolve("b.jsonl.gz"));
        List<long[]> reports = new ArrayList<>();

        PreparedClicks prepared =
                PreparedClicks.prepare(
                        new ReplaySource.Files(List.of(dir), null),
                        WINDOW,
                        tmp.resolve("work"),
                        d -> {},
                        new ReplayListener() {
                            @Override
                            public void reading(long read, long bytes, long totalBytes) {
                                reports.add(new long[] {read, bytes, totalBytes});
                            }
                        });

        assertThat(prepared.clicks()).isEqualTo(1);
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)[0]).isEqualTo(100_000);
        assertThat(reports.get(0)[1]).isPositive().isLessThanOrEqualTo(size);
        assertThat(reports.get(0)[2]).isEqualTo(size);
        assertThat(reports.get(1)).containsExactly(100_501, size, size);
    }

    private static boolean checkingThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("replay-outside-rows") && t.isAlive());
    }
}
