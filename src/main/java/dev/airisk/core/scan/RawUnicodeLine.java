package dev.airisk.core.scan;

import java.io.IOException;
import java.io.InputStream;

/**
 * The Latin-1 bytes of a protocol-0 UNICODE argument (raw-unicode-escape text up to its newline), as
 * {@code _codecs.encode(text, 'latin1')} makes them, decoded as they stream whatever the line's length.
 * The stream ends at the newline, or early at a character Latin-1 cannot encode or a broken escape;
 * {@link #drain} then consumes the rest of the line.
 */
final class RawUnicodeLine extends InputStream {
    private final PickleInput in;
    private boolean atNewline;
    private boolean stopped;

    RawUnicodeLine(PickleInput in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (atNewline || stopped) {
            return -1;
        }
        int b = in.read();
        if (b < 0 || b == '\n') {
            atNewline = b == '\n';
            stopped = b < 0;
            return -1;
        }
        if (b != '\\' || in.peek(1) < 1 || (in.peekByte(0) != 'u' && in.peekByte(0) != 'U')) {
            return b;
        }
        int digits = in.read() == 'u' ? 4 : 8;
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int c = in.read();
            int d = Character.digit(c < 0 ? -1 : c, 16);
            if (c == '\n') {
                atNewline = true;
                return -1;
            }
            if (d < 0) {
                stopped = true;
                return -1;
            }
            v = v * 16 + d;
        }
        if (v > 0xff) {
            stopped = true;
            return -1;
        }
        return v;
    }

    /** Consumes what is left of the line, its newline included; false when the stream ends first. */
    boolean drain() throws IOException {
        while (!atNewline) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            atNewline = b == '\n';
        }
        return true;
    }
}
