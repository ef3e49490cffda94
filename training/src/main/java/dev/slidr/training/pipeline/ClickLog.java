package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.input.CsvClickReader;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.InputRow;
import dev.slidr.contract.input.JsonLinesReader;
import dev.slidr.contract.input.RecordReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * The click log of a training run as one stream in event-time order, read from one file, every file
 * of a directory, or the files a glob matches, without holding the log in memory.
 *
 * <p>How: a k-way merge of the files, each read through a reorder buffer that holds the clicks
 * within the out-of-orderness bound of the newest one read (the live job's watermark: 5 s by
 * default). Memory is the clicks of that bound per open file; a file is opened only once the merge
 * reaches its first click's time, so files that follow each other in time are read one after
 * another whatever their names. A k-way merge rather than an external sort: archives are written in
 * time order within small bounds, a merge reads each byte once and writes nothing, and equal times
 * keep file order as the stable sort before it did. A click that arrives more than the bound behind
 * its file's newest is taken in arrival order and counted ({@link #late()}), as the live job takes
 * a click behind its watermark; it is never dropped.
 */
final class ClickLog implements Closeable {

    private final List<Path> files;
    private final CsvMapping mapping;
    private final ContractReader reader;
    private final InputReport report;
    private final long boundMillis;
    private final List<Pending> pending = new ArrayList<>();
    private final PriorityQueue<Source> heads =
            new PriorityQueue<>(
                    Comparator.<Source>comparingLong(s -> s.head.ts)
                            .thenComparingInt(s -> s.index)
                            .thenComparingLong(s -> s.head.seq));
    private final List<Source> open = new ArrayList<>();
    private long bytes;
    private long unreadBytes;
    private long late;

    /** A file not yet opened, with the time of its first valid click. */
    private record Pending(Path file, int index, long firstTs) {}

    /** A click with its arrival number in its file. */
    private record Entry(Click click, long ts, long seq) {}

    private ClickLog(
            List<Path> files,
            CsvMapping mapping,
            ContractReader reader,
            InputReport report,
            Duration outOfOrderness)
            throws IOException {
        this.files = files;
        this.mapping = mapping;
        this.reader = reader;
        this.report = report;
        this.boundMillis = outOfOrderness.toMillis();
        for (int i = 0; i < files.size(); i++) {
            pending.add(new Pending(files.get(i), i, firstTime(files.get(i))));
        }
        pending.sort(Comparator.comparingLong(Pending::firstTs).thenComparingInt(Pending::index));
    }

    /**
     * Opens the log at {@code spec}: a file, a directory (its regular, non-hidden files) or a glob
     * in the last part of the path ({@code /data/clicks-*.jsonl.gz}).
     *
     * @throws IOException when nothing is there or a glob matches no file
     */
    static ClickLog open(
            Path spec,
            CsvMapping mapping,
            ContractReader reader,
            InputReport report,
            Duration outOfOrderness)
            throws IOException {
        return new ClickLog(files(spec), mapping, reader, report, outOfOrderness);
    }

    /** The files a {@code --clicks} value names, sorted by name. */
    static List<Path> files(Path spec) throws IOException {
        if (Files.isDirectory(spec)) {
            try (Stream<Path> s = Files.list(spec)) {
                List<Path> out =
                        s.filter(Files::isRegularFile)
                                .filter(p -> !p.getFileName().toString().startsWith("."))
                                .sorted()
                                .toList();
                if (out.isEmpty()) {
                    throw new IOException(spec + " is a directory without click files");
                }
                return out;
            }
        }
        if (Files.isRegularFile(spec)) {
            return List.of(spec);
        }
        String name = spec.getFileName() == null ? "" : spec.getFileName().toString();
        if (!isGlob(name)) {
            throw new IOException(spec + " does not exist");
        }
        Path dir = spec.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(spec + ": directory " + dir + " does not exist");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        List<Path> out;
        try (Stream<Path> s = Files.list(dir)) {
            out =
                    s.filter(Files::isRegularFile)
                            .filter(p -> matcher.matches(p.getFileName()))
                            .sorted()
                            .toList();
        } catch (IllegalArgumentException e) {
            throw new IOException(spec + ": not a valid glob: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new IOException(spec + " matches no file");
        }
        return out;
    }

    private static boolean isGlob(String name) {
        return name.indexOf('*') >= 0
                || name.indexOf('?') >= 0
                || name.indexOf('[') >= 0
                || name.indexOf('{') >= 0;
    }

    /** The number of files of the log. */
    int fileCount() {
        return files.size();
    }

    /** Clicks taken in arrival order because they came later than the bound. */
    long late() {
        return late;
    }

    /**
     * The next click in event-time order, or null at the end of every file. Every row read is
     * counted in the report (read, accepted or rejected with its reason).
     */
    Click next() throws IOException {
        while (true) {
            openDue();
            Source s = heads.poll();
            if (s == null) {
                if (pending.isEmpty()) {
                    return null;
                }
                continue;
            }
            Entry e = s.head;
            s.advance();
            if (s.head != null) {
                heads.add(s);
            }
            return e.click;
        }
    }

    /** Opens the pending files whose clicks may come before the earliest open head. */
    private void openDue() throws IOException {
        while (!pending.isEmpty()) {
            Pending p = pending.get(0);
            Source first = heads.peek();
            if (first != null && p.firstTs - boundMillis > first.head.ts) {
                return;
            }
            pending.remove(0);
            Source s = new Source(p.index, open(p.file));
            open.add(s);
            s.advance();
            if (s.head != null) {
                heads.add(s);
            }
        }
    }

    private RecordReader<Click> open(Path file) throws IOException {
        return mapping == null
                ? JsonLinesReader.clicks(file, reader)
                : CsvClickReader.open(file, mapping, reader);
    }

    /** The time of a file's first valid click (a look ahead; nothing is counted). */
    private long firstTime(Path file) throws IOException {
        try (RecordReader<Click> in = open(file)) {
            while (in.hasNext()) {
                InputRow<Click> row = in.next();
                if (row.isOk()) {
                    return row.parsed().value().ts();
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
        return Long.MAX_VALUE;
    }

    /** One open file and its reorder buffer. */
    private final class Source {
        final int index;
        final RecordReader<Click> in;
        final PriorityQueue<Entry> buffer =
                new PriorityQueue<>(
                        Comparator.comparingLong(Entry::ts).thenComparingLong(Entry::seq));
        long newest = Long.MIN_VALUE;
        long lastOut = Long.MIN_VALUE;
        long seq;
        Entry head;
        boolean ended;

        Source(int index, RecordReader<Click> in) {
            this.index = index;
            this.in = in;
        }

        /** Moves the next click in time order into {@link #head}, or null at the end. */
        void advance() throws IOException {
            try {
                while (!ended && (buffer.isEmpty() || buffer.peek().ts > newest - boundMillis)) {
                    if (!in.hasNext()) {
                        ended = true;
                        bytes += in.counts().bytes();
                        unreadBytes += in.counts().unreadBytes();
                        in.close();
                        break;
                    }
                    InputRow<Click> row = in.next();
                    report.read(TrainingInputs.CLICKS, row.isOk());
                    if (!row.isOk()) {
                        report.reject(
                                TrainingInputs.CLICKS, row.parsed().reasonOrNull().wireName());
                        continue;
                    }
                    Click c = row.parsed().value();
                    buffer.add(new Entry(c, c.ts(), seq++));
                    newest = Math.max(newest, c.ts());
                }
            } catch (java.io.UncheckedIOException e) {
                throw new IOException(e.getMessage(), e);
            }
            head = buffer.poll();
            if (head != null) {
                if (head.ts < lastOut) {
                    late++;
                }
                lastOut = Math.max(lastOut, head.ts);
            }
        }
    }

    /** Records the bytes read in the report; call once after the last click. */
    void ended() {
        report.ended(TrainingInputs.CLICKS, bytes, unreadBytes);
    }

    @Override
    public void close() throws IOException {
        for (Source s : open) {
            if (!s.ended) {
                s.in.close();
            }
        }
    }
}
