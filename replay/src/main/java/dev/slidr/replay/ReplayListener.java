package dev.slidr.replay;

/** Progress of a replay; total is -1 when unknown. */
public interface ReplayListener {

    /** A listener that ignores everything. */
    ReplayListener SILENT = new ReplayListener() {};

    /** A new phase begins (reading the input, replaying, writing the report). */
    default void phase(String name) {}

    /** Records read so far, of {@code total} (-1 when unknown). */
    default void progress(long recordsRead, long total) {}

    /**
     * Reading the click files: {@code rows} read so far, and {@code bytes} of the files' {@code
     * totalBytes} (as stored: a gzip file's compressed bytes). By default, rows of an unknown
     * total.
     */
    default void reading(long rows, long bytes, long totalBytes) {
        progress(rows, -1);
    }
}
