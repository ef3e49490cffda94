package dev.slidr.contract.input;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The reader in front of Commons CSV that keeps one record from filling the heap: Commons CSV holds
 * a whole cell in memory, so a record longer than the cut is skipped here, unread, up to the next
 * record boundary, and the parser sees it closed after its first {@code cut} chars. The record's
 * start is remembered so that {@link CsvRows} rejects it as {@code oversized}.
 *
 * <p>It follows the quoting just far enough to find record boundaries (a line break outside
 * quotes), and counts the UTF-8 bytes it passes, so that a reader stopped by a structural error can
 * say how much of its input it never turned into records.
 */
final class CsvRecordLimiter extends Reader {

    private static final int START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private final long cut;
    private final char[] buffer = new char[8192];
    private int pos;
    private int end;
    private boolean eof;

    private int state = START;
    private int previous;
    private long recordChars;
    private boolean crEndedRecord;
    private boolean skipping;
    private int cutState;
    private String owed = "";

    private long delivered;
    private long bytes;
    private long recordStart;
    private final Set<Long> cutRecords = new HashSet<>();

    /** {char position, byte position} of the record boundaries the parser may not have reached. */
    private final ArrayDeque<long[]> boundaries = new ArrayDeque<>();

    CsvRecordLimiter(Reader in, char delimiter, char quote, long cut) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
        this.cut = cut;
    }

    /** Whether the record starting at this char position was cut short here. */
    boolean wasCut(long recordPosition) {
        return cutRecords.remove(recordPosition);
    }

    /** Called with the start of each record handed out: boundaries before it are settled. */
    void recordReturned(long recordPosition) {
        while (!boundaries.isEmpty() && boundaries.peekFirst()[0] <= recordPosition) {
            boundaries.pollFirst();
        }
    }

    /** UTF-8 bytes of text up to the end of the last record handed out. */
    long bytesUsed() {
        return boundaries.isEmpty() ? bytes : boundaries.peekFirst()[1];
    }

    /** UTF-8 bytes of text passed so far, delivered or skipped. */
    long bytesSeen() {
        return bytes;
    }

    /** Reads the rest of the input, counting its bytes; after a structural error. */
    void drain() throws IOException {
        owed = "";
        while (fill()) {
            for (int i = pos; i < end; i++) {
                bytes += utf8Length(buffer[i]);
            }
            pos = end;
        }
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (!owed.isEmpty()) {
                out[off + n++] = owed.charAt(0);
                owed = owed.substring(1);
                delivered++;
                continue;
            }
            if (pos == end && !fill()) {
                if (skipping) {
                    skipping = false;
                    owed = closingAtEnd();
                    if (!owed.isEmpty()) {
                        continue;
                    }
                }
                break;
            }
            char c = buffer[pos++];
            bytes += utf8Length(c);
            boolean boundary = step(c);
            if (skipping) {
                if (boundary) {
                    skipping = false;
                    owed = cutState == QUOTED ? quote + "\n" : "\n";
                    boundaries.addLast(new long[] {delivered + owed.length(), bytes});
                    recordStart = delivered + owed.length();
                    recordChars = 0;
                    crEndedRecord = false;
                }
                continue;
            }
            if (!boundary && recordChars + 1 > cut) {
                skipping = true;
                cutState = previous;
                cutRecords.add(recordStart);
                // the char that crossed the cut is skipped too
                continue;
            }
            out[off + n++] = c;
            delivered++;
            if (boundary) {
                // the parser dates a record from the end of the last one, before any empty lines
                boolean ends = recordChars > 0 || (c == '\n' && crEndedRecord);
                crEndedRecord = c == '\r' && ends;
                if (ends) {
                    boundaries.addLast(new long[] {delivered, bytes});
                    recordStart = delivered;
                }
                recordChars = 0;
            } else {
                recordChars++;
                crEndedRecord = false;
            }
        }
        return n == 0 ? -1 : n;
    }

    /** Advances the quoting state by one char; true when it ends a record. */
    private boolean step(char c) {
        previous = state;
        boolean lineBreak = c == '\n' || c == '\r';
        switch (state) {
            case START, UNQUOTED -> {
                if (lineBreak) {
                    state = START;
                    return true;
                }
                if (c == delimiter) {
                    state = START;
                } else if (c == quote && state == START) {
                    state = QUOTED;
                } else {
                    state = UNQUOTED;
                }
                return false;
            }
            case QUOTED -> {
                if (c == quote) {
                    state = QUOTE_IN_QUOTED;
                }
                return false;
            }
            default -> {
                if (c == quote) {
                    state = QUOTED;
                    return false;
                }
                if (lineBreak) {
                    state = START;
                    return true;
                }
                state = c == delimiter ? START : UNQUOTED;
                return false;
            }
        }
    }

    /**
     * What the parser must see at the end of a cut record: its open quote closed, unless the quote
     * never closed at all, which the parser must see as the unterminated quote it is.
     */
    private String closingAtEnd() {
        String q = String.valueOf(quote);
        if (state == QUOTED) {
            return cutState == QUOTE_IN_QUOTED ? q : "";
        }
        return cutState == QUOTED ? q : "";
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800 || Character.isSurrogate(c)) {
            return 2;
        }
        return 3;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
