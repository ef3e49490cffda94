package dev.slidr.replay;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Decodes, on a thread of its own, the rows that {@link PreparedClicks} leaves out of the work file
 * because their time is outside the warm-up and the window: a valid one is counted as outside, an
 * invalid one becomes a dead letter. The dead letters of the rows read, the adapter's rejections
 * included, all pass through here in the order of their rows, so the dead-letter file is the same
 * as when one thread did everything.
 *
 * <p>Why a thread: a replay of an hour out of a week's archive skips most of the archive's rows,
 * and decoding them (to give each invalid one its reason) made the reading a third to a half
 * longer, all of it on the reading thread (docs/benchmarks.md, "The rows outside the window,
 * checked on a thread of their own"). The work file does not depend on these rows, so the reader
 * goes on without waiting for them.
 *
 * <p>Rows travel in batches through a bounded queue, so a reader faster than the decoding waits
 * instead of holding the archive in memory. A dead-letter consumer that fails stops the decoding;
 * the reader learns it at its next batch or at {@link #finish}, which rethrows it.
 */
final class OutsideRows implements AutoCloseable {

    private static final int BATCH = 512;
    private static final int BATCHES_QUEUED = 16;
    private static final List<Row> END = List.of();

    /** A row for the decoding thread: a dead letter to pass on, or a row to check. */
    private sealed interface Row permits Letter, Outside {}

    private record Letter(DeadLetter letter) implements Row {}

    private record Outside(byte[] json, byte[] raw, String source, long number, long now)
            implements Row {}

    private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(BATCHES_QUEUED);
    private final Consumer<DeadLetter> deadLetters;
    private final ContractReader reader;
    private final Thread thread;
    private List<Row> batch = new ArrayList<>(BATCH);
    private long outside;
    private volatile Throwable failure;
    private boolean ended;

    /**
     * Starts the decoding thread.
     *
     * @param deadLetters where the dead letters go, in the order of their rows; called on the
     *     decoding thread until {@link #finish} returns
     */
    OutsideRows(ContractReader reader, Consumer<DeadLetter> deadLetters) {
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::decode, "replay-outside-rows");
        thread.setDaemon(true);
        thread.start();
    }

    /** A dead letter, passed on after those of the rows before it. */
    void deadLetter(DeadLetter letter) throws InterruptedException {
        add(new Letter(letter));
    }

    /**
     * A row whose time ({@link ClickTime}) is outside the warm-up and the window: counted as
     * outside if it decodes, a dead letter with the decoder's reason if not. The decoder reads the
     * same {@code ts} and refuses a second one, so a row that decodes has that time.
     */
    void outside(byte[] json, byte[] raw, String source, long number, long now)
            throws InterruptedException {
        add(new Outside(json, raw, source, number, now));
    }

    private void add(Row row) throws InterruptedException {
        batch.add(row);
        if (batch.size() == BATCH) {
            send();
        }
    }

    private void send() throws InterruptedException {
        rethrowFailure();
        if (!enqueue(batch)) {
            rethrowFailure();
            throw new IllegalStateException("checking the rows outside the window stopped");
        }
        batch = new ArrayList<>(BATCH);
    }

    /** Queues {@code rows}; false when the decoding thread has ended and will take nothing. */
    private boolean enqueue(List<Row> rows) throws InterruptedException {
        while (!queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
            if (!thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every row given has been decoded and every dead letter passed on.
     *
     * @return the rows counted as outside
     * @throws RuntimeException what the dead-letter consumer threw, as thrown
     */
    long finish() throws InterruptedException {
        if (!batch.isEmpty()) {
            send();
        }
        end();
        rethrowFailure();
        return outside;
    }

    /**
     * Ends the decoding thread once it has taken what was queued; after a failure of the reader,
     * the rows queued before it are still checked, and their dead letters passed on.
     */
    @Override
    public void close() throws InterruptedException {
        end();
    }

    private void end() throws InterruptedException {
        if (!ended) {
            ended = true;
            enqueue(END);
            thread.join();
        }
    }

    private void decode() {
        long counted = 0;
        try {
            for (List<Row> rows = queue.take(); rows != END; rows = queue.take()) {
                if (failure != null) {
                    continue; // drain, so that the reader never waits on a full queue
                }
                try {
                    counted += check(rows);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        // read by the reader after join(), which orders it after this write
        outside = counted;
    }

    private long check(List<Row> rows) {
        long counted = 0;
        for (Row row : rows) {
            if (row instanceof Letter l) {
                deadLetters.accept(l.letter());
            } else {
                Outside o = (Outside) row;
                Parsed<Click> click = reader.click(o.json());
                if (click instanceof Parsed.Rejected<Click> rejected) {
                    deadLetters.accept(
                            DeadLetter.of(o.raw(), rejected, o.source(), -1, o.number(), o.now()));
                } else {
                    counted++;
                }
            }
        }
        return counted;
    }

    private void rethrowFailure() {
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException("checking the rows outside the window stopped", f);
        }
    }
}
