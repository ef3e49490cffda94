package dev.slidr.replay;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.input.CsvClickReader;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.InputCounts;
import dev.slidr.contract.input.InputRow;
import dev.slidr.contract.input.InputStreams;
import dev.slidr.contract.input.JsonLinesReader;
import dev.slidr.contract.input.RecordReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Archived click files read with the same adapters as {@code train} and written as one work file,
 * in input order, holding only the clicks the replay reads (warm-up and window). Each record is the
 * click time (8 bytes), the number of the file it came from (4), its line or row there (8), the
 * JSON's length (4) and the JSON, so that the job's source reads it with a few calls instead of
 * scanning for line ends, and a click the job's parse rejects becomes the same dead letter (file
 * and line) as a row rejected here.
 *
 * <p>A JSON line is not decoded here: {@link ClickTime} finds its time, and the job's parse decodes
 * and checks it. Only a line without a readable time, or one outside the warm-up and the window, is
 * decoded here, to give its reason or to count it as outside; the lines outside are decoded on a
 * thread of their own ({@link OutsideRows}) while this one reads on. Rows the adapter rejects (too
 * long, a CSV row its mapping cannot read) become dead letters with the adapter's reason. Dead
 * letters reach {@code deadLetters} in the order of their rows, on the decoding thread, all before
 * {@link #prepare} returns.
 *
 * @param file the work file
 * @param sources the files read, in the order of their numbers in the records
 * @param clicks records in {@code file}
 * @param outside valid clicks outside the warm-up and the window, not read
 */
record PreparedClicks(Path file, List<String> sources, long clicks, long outside) {

    /** Source name on the dead letters of rejected rows. */
    static final String SOURCE = "replay-files";

    PreparedClicks {
        sources = List.copyOf(sources);
    }

    /** The dead-letter source of a row of {@code input}: {@code replay-files:} and the path. */
    static String sourceOf(Path input) {
        return SOURCE + ":" + input;
    }

    /**
     * Reads every file of {@code source} into {@code file}.
     *
     * @throws ReplayException a path that does not exist or cannot be read
     */
    static PreparedClicks prepare(
            ReplaySource.Files source,
            ReplayWindow window,
            Path file,
            Consumer<DeadLetter> deadLetters,
            ReplayListener listener)
            throws IOException {
        List<Path> inputs = inputs(source.paths());
        ContractReader reader = ContractReader.defaults();
        long clicks = 0;
        long outside = 0;
        long rows = 0;
        long now = System.currentTimeMillis();
        long[] sizes = new long[inputs.size()];
        long totalBytes = 0;
        for (int n = 0; n < sizes.length; n++) {
            sizes[n] = Files.size(inputs.get(n));
            totalBytes += sizes[n];
        }
        long bytesBefore = 0;
        try (OutsideRows checked = new OutsideRows(reader, deadLetters);
                DataOutputStream out =
                        new DataOutputStream(
                                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (int n = 0; n < inputs.size(); n++) {
                Path input = inputs.get(n);
                String sourceName = sourceOf(input);
                // counts the bytes as stored, below any gzip, for the progress of the reading
                try (BoundedInputStream stored = BoundedInputStream.builder().setPath(input).get();
                        RecordReader<byte[]> in = open(input, stored, source.mapping(), reader)) {
                    while (in.hasNext()) {
                        InputRow<byte[]> row = in.next();
                        if (++rows % 100_000 == 0) {
                            listener.reading(rows, bytesBefore + stored.getCount(), totalBytes);
                        }
                        if (!row.isOk()) {
                            checked.deadLetter(row.deadLetter(sourceName, now));
                            continue;
                        }
                        byte[] json = ((Parsed.Ok<byte[]>) row.parsed()).value();
                        long ts = ClickTime.of(json);
                        if (ts != ClickTime.UNKNOWN && !window.reads(ts)) {
                            checked.outside(json, row.raw(), sourceName, row.number(), now);
                            continue;
                        }
                        if (ts == ClickTime.UNKNOWN) {
                            // rare: no whole-number time found without decoding; the decoder
                            // gives the reason, or the click's time
                            Parsed<Click> click = reader.click(json);
                            if (click instanceof Parsed.Rejected<Click> rejected) {
                                checked.deadLetter(
                                        DeadLetter.of(
                                                row.raw(),
                                                rejected,
                                                sourceName,
                                                -1,
                                                row.number(),
                                                now));
                                continue;
                            }
                            ts = ((Parsed.Ok<Click>) click).value().ts();
                            if (!window.reads(ts)) {
                                outside++;
                                continue;
                            }
                        }
                        out.writeLong(ts);
                        out.writeInt(n);
                        out.writeLong(row.number());
                        out.writeInt(json.length);
                        out.write(json);
                        clicks++;
                    }
                }
                bytesBefore += sizes[n];
            }
            outside += checked.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("reading the click files was interrupted", e);
        }
        listener.reading(rows, totalBytes, totalBytes);
        return new PreparedClicks(
                file, inputs.stream().map(PreparedClicks::sourceOf).toList(), clicks, outside);
    }

    /**
     * The rows of {@code input}, read from {@code stored} (its bytes as stored, gunzipped here), as
     * contract JSON: a JSON line as it was read (an accepted line goes on as its bytes, so the
     * job's parse decodes what the file holds), a CSV row as the click its mapping gives, or the
     * adapter's rejection.
     */
    private static RecordReader<byte[]> open(
            Path input, InputStream stored, CsvMapping mapping, ContractReader reader)
            throws IOException {
        if (mapping == null) {
            return new JsonLinesReader<>(
                    input.toString(),
                    InputStreams.decompressed(stored),
                    Parsed::ok,
                    reader.limits().maxRecordBytes());
        }
        return new MappedRows(
                new CsvClickReader(
                        input.toString(), InputStreams.decompressed(stored), mapping, reader));
    }

    /** A CSV reader's rows as contract JSON: each accepted row as the click it maps to. */
    private static final class MappedRows implements RecordReader<byte[]> {
        private final RecordReader<Click> rows;

        MappedRows(RecordReader<Click> rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public InputRow<byte[]> next() {
            InputRow<Click> row = rows.next();
            Parsed<byte[]> json;
            if (row.parsed() instanceof Parsed.Ok<Click> ok) {
                json = Parsed.ok(ContractJson.write(ok.value()));
            } else {
                Parsed.Rejected<Click> rejected = (Parsed.Rejected<Click>) row.parsed();
                json = Parsed.rejected(rejected.reason(), rejected.message());
            }
            return new InputRow<>(row.number(), json, row.raw());
        }

        @Override
        public InputCounts counts() {
            return rows.counts();
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    /** The files to read: each path, or a directory's regular files in name order. */
    static List<Path> inputs(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> children = Files.list(p)) {
                    List<Path> sorted =
                            children.filter(Files::isRegularFile)
                                    .filter(c -> !c.getFileName().toString().startsWith("."))
                                    .sorted()
                                    .toList();
                    if (sorted.isEmpty()) {
                        throw new ReplayException("no click files in directory " + p);
                    }
                    files.addAll(sorted);
                }
            } else if (Files.isRegularFile(p)) {
                if (!Files.isReadable(p)) {
                    throw new ReplayException("cannot read click file " + p);
                }
                files.add(p);
            } else {
                throw new ReplayException("no such click file or directory: " + p);
            }
        }
        return files;
    }

    /** Reads the work file's records in order: {@link #next()} until {@link #clicks} were read. */
    static final class Reader implements Closeable {
        private final Path file;
        private final DataInputStream in;
        private long time;
        private int source;
        private long line;

        Reader(Path file) throws IOException {
            this.file = file;
            this.in =
                    new DataInputStream(
                            new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        /**
         * The next record's contract JSON; {@link #time()}, {@link #source()} and {@link #line()}
         * describe it.
         *
         * @throws IOException when the file ends before the record does
         */
        byte[] next() throws IOException {
            try {
                time = in.readLong();
                source = in.readInt();
                line = in.readLong();
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                return json;
            } catch (EOFException e) {
                throw new IOException("prepared clicks " + file + " ended early", e);
            }
        }

        /** The click time of the record {@link #next()} returned last. */
        long time() {
            return time;
        }

        /** The number of the file it came from, an index into {@link PreparedClicks#sources}. */
        int source() {
            return source;
        }

        /** Its line (JSON lines) or row (CSV) in that file, from 1. */
        long line() {
            return line;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
