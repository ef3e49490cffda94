package dev.slidr.rules.givt;

/** A CIDR list (the data-centre ranges) cannot be read or has a malformed line. */
public final class CidrListException extends IllegalArgumentException {

    private final String source;
    private final int lineNumber;

    public CidrListException(String source, int lineNumber, String message) {
        super(source + (lineNumber > 0 ? ":" + lineNumber : "") + ": " + message);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    public CidrListException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
        this.lineNumber = 0;
    }

    /** The file or resource that was read. */
    public String source() {
        return source;
    }

    /** The 1-based line at fault, or 0 when the whole list is at fault. */
    public int lineNumber() {
        return lineNumber;
    }
}
