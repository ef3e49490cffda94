package dev.slidr.replay.features;

import dev.slidr.training.rows.RowFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two row files compared row by row, field by field (features by their bits): how many rows, how
 * many differ, and the first difference.
 */
record RowComparison(long rows, long differences, String firstDifference) {

    static RowComparison of(Path expected, Path actual) throws IOException {
        long rows = 0;
        long differences = 0;
        String first = "no difference";
        try (RowFile.Reader a = new RowFile.Reader(expected);
                RowFile.Reader b = new RowFile.Reader(actual)) {
            while (true) {
                RowFile.Row x = a.next();
                RowFile.Row y = b.next();
                if (x == null || y == null) {
                    if (x != y) {
                        differences++;
                        if (differences == 1) {
                            first = "row " + rows + ": one file ends before the other";
                        }
                    }
                    return new RowComparison(rows, differences, first);
                }
                String diff = difference(x, y);
                if (diff != null) {
                    differences++;
                    if (differences == 1) {
                        first = "row " + rows + ": " + diff;
                    }
                }
                rows++;
            }
        }
    }

    private static String difference(RowFile.Row x, RowFile.Row y) {
        if (x.ts != y.ts || x.idHash != y.idHash) {
            return "click " + x.idHash + "@" + x.ts + " against " + y.idHash + "@" + y.ts;
        }
        for (int j = 0; j < x.x.length; j++) {
            if (Float.floatToRawIntBits(x.x[j]) != Float.floatToRawIntBits(y.x[j])) {
                return "feature "
                        + j
                        + ": "
                        + Arrays.toString(x.x)
                        + " against "
                        + Arrays.toString(y.x);
            }
        }
        if (x.slice != y.slice
                || x.flags != y.flags
                || x.truth != y.truth
                || x.hourOfDay != y.hourOfDay
                || x.dayOfWeek != y.dayOfWeek) {
            return "slice/flags/truth/hour/day "
                    + x.slice
                    + "/"
                    + x.flags
                    + "/"
                    + x.truth
                    + "/"
                    + x.hourOfDay
                    + "/"
                    + x.dayOfWeek
                    + " against "
                    + y.slice
                    + "/"
                    + y.flags
                    + "/"
                    + y.truth
                    + "/"
                    + y.hourOfDay
                    + "/"
                    + y.dayOfWeek;
        }
        return null;
    }
}
