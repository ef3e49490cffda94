package dev.slidr.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's summary as Markdown: printed at the end of a run, and written between the markers
 * {@link #BEGIN} and {@link #END} of a page ({@code --write-docs}), replacing what was there.
 */
final class BenchReport {

    static final String BEGIN = "<!-- bench:begin -->";
    static final String END = "<!-- bench:end -->";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private BenchReport() {}

    /**
     * Checks that {@code page} can take a report: a readable, writable file with one {@link #BEGIN}
     * marker followed by one {@link #END}.
     *
     * @return null when it can, else why not
     */
    static String unusablePage(Path page) {
        if (!Files.isRegularFile(page)) {
            return page + " is not a file";
        }
        if (!Files.isWritable(page)) {
            return page + " is not writable";
        }
        try {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin || text.indexOf(BEGIN, begin + 1) >= 0) {
                return page + " needs one '" + BEGIN + "' line followed by one '" + END + "' line";
            }
            return null;
        } catch (IOException e) {
            return page + ": " + e.getMessage();
        }
    }

    /** Replaces the marked section of {@code page} with the report of {@code summary}. */
    static void writeDocs(Path page, Map<String, Object> summary) throws IOException {
        String why = unusablePage(page);
        if (why != null) {
            throw new IOException(why);
        }
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN) + BEGIN.length();
        int end = text.indexOf(END);
        String updated = text.substring(0, begin) + "\n" + text(summary) + text.substring(end);
        Files.writeString(page, updated, StandardCharsets.UTF_8);
    }

    /** The report of one run. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> s) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> machine = (Map<String, Object>) s.get("machine");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Run of %s: `%s`%n%n",
                        WHEN.format(Instant.parse((String) s.get("started"))),
                        s.get("command")));
        md.append(
                String.format(
                        Locale.ROOT,
                        "%s cores, %s, heap %s MB (%s); load average %s at the start, %s at the"
                                + " end;"
                                + " parallelism %s; model %s; job settings %s; %s s in all. The"
                                + " machine is shared: every figure is a lower bound.%n%n",
                        machine.get("cores"),
                        machine.get("java"),
                        machine.get("max_heap_mb"),
                        machine.getOrDefault("collector", "collector not recorded"),
                        machine.get("load_average_start"),
                        s.get("load_average_end"),
                        s.get("parallelism"),
                        s.get("model_version"),
                        s.get("job_settings"),
                        s.get("seconds")));

        Map<String, Object> tput = (Map<String, Object>) s.get("throughput");
        Map<String, Object> peer = (Map<String, Object>) s.get("peer");
        if (tput != null || peer != null) {
            throughput(md, tput, peer);
            rounds(
                    md,
                    (List<Map<String, Object>>) s.get("throughput_rounds"),
                    (List<Map<String, Object>>) s.get("peer_rounds"),
                    peer == null ? null : peer.get("ratio_last_round"));
        }
        if (s.get("floor") != null) {
            floor(
                    md,
                    (Map<String, Object>) s.get("floor"),
                    (List<Map<String, Object>>) s.get("floor_rounds"));
        }
        if (tput != null && tput.get("state") != null) {
            state(md, (Map<String, Object>) tput.get("state"));
        }
        if (s.get("latency") != null) {
            latency(md, (List<Map<String, Object>>) s.get("latency"));
        }
        if (s.get("floor_latency") != null) {
            md.append(
                    "The floor (`TopologyFloorJob`: the live job's keyed shape, none of its work)"
                            + " at the same rates, on the same clicks:\n\n");
            latency(md, (List<Map<String, Object>>) s.get("floor_latency"));
        }
        if (s.get("scorer") != null) {
            scorer(md, (Map<String, Object>) s.get("scorer"));
        }
        if (tput != null && tput.get("profile") != null) {
            profile(md, (Map<String, Object>) tput.get("profile"));
        }
        return md.toString();
    }

    private static void throughput(
            StringBuilder md, Map<String, Object> tput, Map<String, Object> peer) {
        md.append("| sustained, Kafka in → Kafka out, exactly once, RocksDB | clicks |")
                .append(" clicks/s (first to last `decided_ts`) | wall s | duplicates |")
                .append(" undecided |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        if (tput != null) {
            throughputRow(md, "live job", tput);
        }
        if (peer != null) {
            throughputRow(md, "peer: velocity heuristic only", peer);
        }
        md.append('\n');
        if (peer != null && peer.get("ratio") != null) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "Live job / peer throughput: **%s**.%n%n",
                            peer.get("ratio")));
        }
    }

    /**
     * With {@code --throughput-rounds N}: each round's clicks/s, live and peer, and the ratio of
     * their last rounds (both on a warm JIT).
     */
    static void rounds(
            StringBuilder md,
            List<Map<String, Object>> live,
            List<Map<String, Object>> peer,
            Object ratioLastRound) {
        if ((live == null || live.size() < 2) && (peer == null || peer.size() < 2)) {
            return;
        }
        md.append(
                "Rounds (`--throughput-rounds`: the same preloaded clicks again in this JVM, fresh"
                        + " state, topics and consumer group each time), clicks/s:");
        if (live != null) {
            md.append(" live ").append(roundRates(live)).append(';');
        }
        if (peer != null) {
            md.append(" peer ").append(roundRates(peer)).append(';');
        }
        md.setLength(md.length() - 1);
        md.append('.');
        if (ratioLastRound != null) {
            md.append(" Live / peer, last rounds: **").append(ratioLastRound).append("**.");
        }
        md.append("\n\n");
    }

    private static String roundRates(List<Map<String, Object>> rounds) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> r : rounds) {
            if (b.length() > 0) {
                b.append(" / ");
            }
            b.append(bytes(r.get("clicks_per_second")));
        }
        return b.toString();
    }

    /** The live job's state and checkpoints at the end of the reported throughput round. */
    @SuppressWarnings("unchecked")
    static void state(StringBuilder md, Map<String, Object> state) {
        Map<String, Object> cp = (Map<String, Object>) state.get("checkpoints");
        md.append(
                String.format(
                        Locale.ROOT,
                        "State at the end of the live job's round (RocksDB estimates, summed over"
                                + " subtasks): %s checkpoints completed; the last one %s bytes"
                                + " in full, %s bytes incremental (largest incremental %s bytes,"
                                + " longest %s ms).%n%n",
                        cp.get("completed"),
                        bytes(cp.get("last_full_bytes")),
                        bytes(cp.get("last_incremental_bytes")),
                        bytes(cp.get("max_incremental_bytes")),
                        cp.get("max_duration_ms")));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) state.get("rocksdb");
        if (rows == null || rows.isEmpty()) {
            return;
        }
        md.append("| task | subtasks | state | keys | live bytes | SST bytes |\n")
                .append("| --- | ---: | --- | ---: | ---: | ---: |\n");
        for (Map<String, Object> r : rows) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| `%s` | %s | `%s` | %s | %s | %s |%n",
                            r.get("task"),
                            r.get("subtasks"),
                            r.get("state"),
                            bytes(r.get("keys")),
                            bytes(r.get("live_bytes")),
                            bytes(r.get("sst_bytes"))));
        }
        md.append('\n');
    }

    private static String bytes(Object n) {
        return n instanceof Number number
                ? String.format(Locale.ROOT, "%,d", number.longValue())
                : "?";
    }

    @SuppressWarnings("unchecked")
    static void latency(StringBuilder md, List<Map<String, Object>> phases) {

        md.append("| rate, clicks/s | achieved | clicks | processing p50 | p99 | p99.9 | max |")
                .append(" produced → decided p50 | p99 | p99.9 | max | GC pauses |\n")
                .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
                .append(" ---: | ---: | ---: |\n");
        for (Map<String, Object> r : phases) {
            Map<String, Object> p = (Map<String, Object>) r.get("processing_ms");
            Map<String, Object> d = (Map<String, Object>) r.get("produced_to_decided_ms");
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %,.0f | %,d | %,d | %s ms | %s ms | %s ms | %s ms | %s ms | %s ms |"
                                    + " %s ms | %s ms | %s |%n",
                            ((Number) r.get("rate")).doubleValue(),
                            ((Number) r.get("achieved_rate")).longValue(),
                            ((Number) r.get("clicks")).longValue(),
                            p.get("p50"),
                            p.get("p99"),
                            p.get("p999"),
                            p.get("max"),
                            d.get("p50"),
                            d.get("p99"),
                            d.get("p999"),
                            d.get("max"),
                            pauses((Map<String, Object>) r.get("gc_pauses"))));
        }
        md.append(
                "\nProcessing latency is the job's `slidrProcessingLatencyMicros` histogram (read"
                        + " → decision produced), merged over every deciding subtask; produced →"
                        + " decided adds the producer's batching, the broker and the source's"
                        + " polling. GC pauses: the stop-the-world pauses of the one JVM that"
                        + " runs the job, the broker and the producer during the phase (count,"
                        + " total).\n\n");
    }

    private static String pauses(Map<String, Object> gc) {
        if (gc == null) {
            return "-";
        }
        return String.format(
                Locale.ROOT,
                "%,d, %,d ms",
                ((Number) gc.get("count")).longValue(),
                ((Number) gc.get("total_ms")).longValue());
    }

    @SuppressWarnings("unchecked")
    private static void scorer(StringBuilder md, Map<String, Object> scorer) {
        md.append("| scorer alone (JMH) | batch | µs per call | ± | µs per row | rows/s |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> r : (List<Map<String, Object>>) scorer.get("rows")) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %,d |%n",
                            r.get("provider"),
                            r.get("batch"),
                            r.get("us_per_call"),
                            r.get("error") == null ? "" : r.get("error"),
                            r.get("us_per_row"),
                            ((Number) r.get("rows_per_second")).longValue()));
        }
        md.append(String.format(Locale.ROOT, "%nCUDA: %s.%n", scorer.get("cuda")));
    }

    @SuppressWarnings("unchecked")
    private static void profile(StringBuilder md, Map<String, Object> profile) {
        {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "%nWhere the time goes during the throughput run (JFR, %s Java samples,"
                                    + " %s samples in native code; broker, job and bench share"
                                    + " the process, which used %.0f%% of the machine's CPU"
                                    + " while the machine was %.0f%% busy):%n%n",
                            profile.get("java_samples"),
                            profile.get("native_samples"),
                            100 * ((Number) profile.get("jvm_cpu")).doubleValue(),
                            100 * ((Number) profile.get("machine_cpu")).doubleValue()));
            shares(md, "top Java frame", (List<Map<String, Object>>) profile.get("top_frames"));
            shares(
                    md,
                    "package of the top frame",
                    (List<Map<String, Object>>) profile.get("top_packages"));
            shares(md, "thread", (List<Map<String, Object>>) profile.get("top_threads"));
            shares(
                    md,
                    "native method (working, not waiting)",
                    (List<Map<String, Object>>) profile.get("top_native_frames"));
            shares(
                    md,
                    "thread, CPU (share of the machine, mean over the run)",
                    (List<Map<String, Object>>) profile.get("thread_cpu"));
        }
    }

    /**
     * With {@code --parts floor}: the floor job's rounds (the live job's keyed shape with none of
     * its work), and its last round against the peer's and the live job's.
     */
    static void floor(
            StringBuilder md, Map<String, Object> floor, List<Map<String, Object>> rounds) {
        md.append(
                        "Floor (the live job's four keyed stages and its sink, each stage doing the"
                                + " peer's one count, nothing else), clicks/s: ")
                .append(roundRates(rounds != null ? rounds : List.of(floor)))
                .append('.');
        if (floor.get("ratio_to_peer_last_round") != null) {
            md.append(" Floor / peer, last rounds: **")
                    .append(floor.get("ratio_to_peer_last_round"))
                    .append("**.");
        }
        if (floor.get("live_ratio_last_round") != null) {
            md.append(" Live / floor, last rounds: **")
                    .append(floor.get("live_ratio_last_round"))
                    .append("**.");
        }
        md.append("\n\n");
    }

    private static void throughputRow(StringBuilder md, String name, Map<String, Object> r) {
        md.append(
                String.format(
                        Locale.ROOT,
                        "| %s | %,d | **%,d** | %s | %s | %s |%n",
                        name,
                        ((Number) r.get("clicks")).longValue(),
                        ((Number) r.get("clicks_per_second")).longValue(),
                        r.get("wall_seconds"),
                        r.get("duplicates"),
                        r.get("undecided")));
    }

    private static void shares(StringBuilder md, String what, List<Map<String, Object>> rows) {
        md.append("| ").append(what).append(" | share |\n| --- | ---: |\n");
        int shown = 0;
        for (Map<String, Object> r : rows) {
            if (shown++ == 10) {
                break;
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| `%s` | %.1f%% |%n",
                            r.get("name"),
                            100 * ((Number) r.get("share")).doubleValue()));
        }
        md.append('\n');
    }
}
