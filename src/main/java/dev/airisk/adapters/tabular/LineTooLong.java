package dev.airisk.adapters.tabular;

import java.io.IOException;

/** A line longer than the limit; thrown by {@link LineLimitedInputStream} before the line is buffered whole. */
final class LineTooLong extends IOException {
    final long line;

    LineTooLong(long line) {
        super("line " + line + " is too long");
        this.line = line;
    }
}
