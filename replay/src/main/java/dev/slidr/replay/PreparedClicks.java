package dev.slidr.replay;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.input.CsvClickReader;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.InputRow;
import dev.slidr.contract.input.JsonLinesReader;
import dev.slidr.contract.input.RecordReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Archived click files read with the same adapters as {@code train} and written as one work file of
 * contract JSON records, in input order, holding only the clicks the replay reads (warm-up and
 * window). Each record is the click time (8 bytes), the JSON's length (4 bytes) and the JSON, so
 * that the job's source reads it with three calls instead of scanning for line ends. Rejected rows
 * become dead letters with the adapter's reason.
 *
 * @param file the work file
 * @param clicks records in {@code file}
 * @param outside valid clicks outside the warm-up and the window, not read
 */
record PreparedClicks(Path file, long clicks, long outside) {

    /** Source name on the dead letters of rejected rows. */
    static final String SOURCE = "replay-files";

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
        try (DataOutputStream out =
                new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (Path input : inputs) {
                try (RecordReader<Click> in = open(input, source.mapping(), reader)) {
                    while (in.hasNext()) {
                        InputRow<Click> row = in.next();
                        if (++rows % 100_000 == 0) {
                            listener.progress(rows, -1);
                        }
                        if (!row.isOk()) {
                            deadLetters.accept(row.deadLetter(SOURCE + ":" + input, now));
                            continue;
                        }
                        Click click = ((Parsed.Ok<Click>) row.parsed()).value();
                        if (!window.reads(click.ts())) {
                            outside++;
                            continue;
                        }
                        // a JSON line the contract accepted goes on as it was read: the job's
                        // parse decodes the same bytes to the same click; a CSV row is written
                        // as the click it maps to
                        byte[] json =
                                source.mapping() == null ? row.raw() : ContractJson.write(click);
                        out.writeLong(click.ts());
                        out.writeInt(json.length);
                        out.write(json);
                        clicks++;
                    }
                }
            }
        }
        listener.progress(rows, rows);
        return new PreparedClicks(file, clicks, outside);
    }

    private static RecordReader<Click> open(Path input, CsvMapping mapping, ContractReader reader)
            throws IOException {
        return mapping == null
                ? JsonLinesReader.clicks(input, reader)
                : CsvClickReader.open(input, mapping, reader);
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

        Reader(Path file) throws IOException {
            this.file = file;
            this.in =
                    new DataInputStream(
                            new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        /**
         * The next record's contract JSON; {@link #time()} is its click time.
         *
         * @throws IOException when the file ends before the record does
         */
        byte[] next() throws IOException {
            try {
                time = in.readLong();
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

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
