package dev.slidr.feature;

/** The window and lateness rules written out literally, for the reference implementations. */
final class NaiveWindows {

    private NaiveWindows() {}

    /**
     * Whether an event at {@code eventTs} counts for a click at {@code clickTs} in {@code spec}'s
     * window, when the key's latest event time is {@code maxTs}: its bucket is in the window ending
     * at the click's bucket and in the window ending at the latest bucket (still retained).
     */
    static boolean counts(WindowSpec spec, long eventTs, long clickTs, long maxTs) {
        long b = spec.bucketOf(eventTs);
        long k = spec.bucketOf(clickTs);
        long h = spec.bucketOf(maxTs);
        int n = spec.buckets();
        return b <= k && b > k - n && b <= h && b > h - n;
    }

    /** A click is late when its day-window bucket has left the ring ending at the latest bucket. */
    static boolean isLate(boolean empty, long ts, long maxTs) {
        WindowSpec day = WindowSpec.ONE_DAY;
        return !empty && day.bucketOf(ts) <= day.bucketOf(maxTs) - day.buckets();
    }
}
