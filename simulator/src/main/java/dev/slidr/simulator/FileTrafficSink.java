package dev.slidr.simulator;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Writes traffic to a directory: {@code clicks.jsonl} and {@code conversions.jsonl} (one contract
 * JSON object per line) and {@code truth.csv} (click_id,is_robot,kind); optionally gzipped. With
 * {@code events = false} only the truth file is written (when the events go to Kafka).
 *
 * <p>The files are written under temporary names and renamed into place when a {@link #complete()
 * completed} sink is closed; a run that stops early (an error, Ctrl-C) deletes them, so no
 * half-written file is ever left under an output name. With {@link #checkingRoom} the sink projects
 * the final size from the share of the time range written so far and stops the run when the disk
 * lacks room for the rest.
 */
public final class FileTrafficSink implements TrafficSink {

    private static final byte[] NEWLINE = {'\n'};

    /** Clicks between two looks at the disk. */
    private static final int CHECK_EVERY = 50_000;

    private final OutputStream clicks;
    private final OutputStream conversions;
    private final OutputStream truth;

    /** Temporary file and final name of each output. */
    private final List<Path[]> files = new ArrayList<>();

    private final Thread cleanup;
    private boolean complete;
    private long startMs;
    private long endMs;
    private LongSupplier usableSpace;
    private long clicksWritten;

    public FileTrafficSink(Path dir, boolean gzip, boolean events) throws IOException {
        OutputStream c = null;
        OutputStream v = null;
        OutputStream t = null;
        try {
            t = open(OutputFiles.eventFile(dir, OutputFiles.TRUTH, gzip), gzip);
            t.write("click_id,is_robot,kind\n".getBytes(StandardCharsets.US_ASCII));
            if (events) {
                c = open(OutputFiles.eventFile(dir, OutputFiles.CLICKS, gzip), gzip);
                v = open(OutputFiles.eventFile(dir, OutputFiles.CONVERSIONS, gzip), gzip);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(c, e);
            closeQuietly(v, e);
            closeQuietly(t, e);
            deleteParts();
            throw e;
        }
        this.clicks = c;
        this.conversions = v;
        this.truth = t;
        // a run stopped with Ctrl-C never reaches close(): its temporary files go here
        this.cleanup = new Thread(this::deleteParts, "simulator-output-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Makes the sink stop the run when the disk lacks room: the clicks' event times say how much of
     * {@code [startMs, endMs)} is written, and the files' size so far projects the rest.
     */
    public FileTrafficSink checkingRoom(long startMs, long endMs) {
        return checkingRoom(startMs, endMs, this::usableSpace);
    }

    FileTrafficSink checkingRoom(long startMs, long endMs, LongSupplier space) {
        this.startMs = startMs;
        this.endMs = endMs;
        this.usableSpace = space;
        return this;
    }

    private OutputStream open(Path file, boolean gzip) throws IOException {
        Path part = OutputFiles.partOf(file);
        OutputStream out = OutputFiles.open(part, gzip);
        files.add(new Path[] {part, file});
        return out;
    }

    @Override
    public void click(Click click, TrafficKind kind) throws IOException {
        if (clicks != null) {
            clicks.write(ContractJson.write(click));
            clicks.write(NEWLINE);
        }
        truth.write(
                (click.clickId() + (kind.isRobot() ? ",true," : ",false,") + kind.wireName() + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
        if (usableSpace != null && ++clicksWritten % CHECK_EVERY == 0) {
            checkRoom(click.ts());
        }
    }

    @Override
    public void conversion(Conversion conversion) throws IOException {
        if (conversions != null) {
            conversions.write(ContractJson.write(conversion));
            conversions.write(NEWLINE);
        }
    }

    @Override
    public void complete() {
        complete = true;
    }

    /** Closes the files; renames them into place when the sink was completed, else deletes them. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (OutputStream out : new OutputStream[] {clicks, conversions, truth}) {
            if (out == null) {
                continue;
            }
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            if (complete && failure == null) {
                for (Path[] f : files) {
                    OutputFiles.moveIntoPlace(f[0], f[1]);
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            deleteParts();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds nothing left to delete
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkRoom(long untilMs) throws IOException {
        double done = (double) (untilMs - startMs) / (endMs - startMs);
        if (done <= 0.0 || done >= 1.0) {
            return;
        }
        long written = 0;
        for (Path[] f : files) {
            written += Files.size(f[0]);
        }
        long projected = Math.round(written / done);
        long free = usableSpace.getAsLong();
        if (projected - written > free) {
            throw new IOException(
                    String.format(
                            Locale.ROOT,
                            "not enough disk space: the output would be about %,d MB (%,d MB"
                                    + " written, %.1f%% of the time range), but only %,d MB are"
                                    + " free; use fewer --days or another --out",
                            projected >> 20,
                            written >> 20,
                            done * 100,
                            free >> 20));
        }
    }

    private long usableSpace() {
        try {
            return Files.getFileStore(files.get(0)[0]).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteParts() {
        for (Path[] f : files) {
            try {
                Files.deleteIfExists(f[0]);
            } catch (IOException e) {
                // a leftover temporary file is hidden and harmless; the run's error matters more
            }
        }
    }

    private static void closeQuietly(OutputStream out, Exception primary) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                primary.addSuppressed(e);
            }
        }
    }
}
