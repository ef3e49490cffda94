package dev.slidr.contract.input;

import java.util.NoSuchElementException;

/**
 * The iterator half of a {@link RecordReader}: reads one row ahead through {@link #readRow()} and
 * counts every row it hands out in {@link #tally}. A subclass says where its input ends with {@link
 * #end()}; after that no row is read again, though the row being read may still be returned.
 */
abstract class LookAheadReader<T> implements RecordReader<T> {

    /** Rows read so far, by outcome. */
    final InputCounts.Tally tally = new InputCounts.Tally();

    private final String exhausted;
    private boolean ended;
    private InputRow<T> next;

    /**
     * @param exhausted what {@link #next()} says when there is nothing left ("no more ...")
     */
    LookAheadReader(String exhausted) {
        this.exhausted = exhausted;
    }

    /** The next row, or null when the input ended without one. */
    abstract InputRow<T> readRow();

    /** Marks the end of the input: the end of the file, or an error that stops reading. */
    final void end() {
        ended = true;
    }

    /** Whether {@link #end()} was called. */
    final boolean ended() {
        return ended;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            next = readRow();
        }
        return next != null;
    }

    @Override
    public final InputRow<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException(exhausted);
        }
        InputRow<T> row = next;
        next = null;
        return row;
    }

    @Override
    public final InputCounts counts() {
        return tally.snapshot();
    }
}
