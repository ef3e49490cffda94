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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Archived click files read with the same adapters as {@code train} and written as one file of
 * contract JSON lines (each after its click time and a space), in input order, holding only the
 * clicks the replay reads (warm-up and window). Rejected rows become dead letters with the
 * adapter's reason.
 *
 * @param file the prepared JSON lines
 * @param clicks lines in {@code file}
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
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
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
                        out.write(Long.toString(click.ts()).getBytes(StandardCharsets.US_ASCII));
                        out.write(' ');
                        out.write(ContractJson.write(click));
                        out.write('\n');
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
}
