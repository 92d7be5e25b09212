package dev.airisk.core.scan;

/** A recognised format whose bytes break its rules; becomes a {@code <format>/malformed} finding. */
final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long offset;

    FormatException(String message, long offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    FormatException(String message) {
        this(message, -1);
    }

    long offset() {
        return offset;
    }
}
