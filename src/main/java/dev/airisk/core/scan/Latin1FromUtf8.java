package dev.airisk.core.scan;

import java.io.IOException;
import java.io.InputStream;

/**
 * The Latin-1 bytes of UTF-8 text, as {@code _codecs.encode(text, 'latin1')} makes them: each code point
 * below 256 becomes one byte. The stream ends at the first character Latin-1 cannot encode or the first
 * invalid UTF-8, where {@code encode} would fail.
 */
final class Latin1FromUtf8 extends InputStream {
    private final InputStream in;
    private boolean done;

    Latin1FromUtf8(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (done) {
            return -1;
        }
        int b = in.read();
        if (b < 0x80) {
            done = b < 0;
            return b;
        }
        if (b == 0xc2 || b == 0xc3) {
            int c = in.read();
            if (c >= 0x80 && c < 0xc0) {
                return ((b & 0x1f) << 6) | (c & 0x3f);
            }
        }
        done = true;
        return -1;
    }
}
