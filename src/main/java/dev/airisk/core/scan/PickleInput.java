package dev.airisk.core.scan;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered, offset-counting reader over an untrusted stream. It never allocates from a length read
 * in the stream: payloads are skipped through its one fixed buffer.
 */
final class PickleInput {
    static final int BUFFER = 128 * 1024;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private long base;
    private boolean eof;

    PickleInput(InputStream in) {
        this(in, BUFFER);
    }

    /**
     * A reader with a buffer of {@code size} bytes (at least 16, at most {@link #BUFFER}): a pickle inside a
     * small payload gets a small buffer, so a million of them do not cost a million full buffers.
     */
    PickleInput(InputStream in, long size) {
        this.in = in;
        this.buf = new byte[(int) Math.max(16, Math.min(BUFFER, size))];
    }

    int bufferSize() {
        return buf.length;
    }

    /** The offset of the next byte from the start of the stream. */
    long offset() {
        return base + pos;
    }

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (pos == lim && !refill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private boolean refill() throws IOException {
        base += lim;
        pos = 0;
        lim = 0;
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim = n;
        return true;
    }

    /** Buffers up to {@code k} (at most 16, or the buffer's size) bytes and returns how many are buffered. */
    int peek(int k) throws IOException {
        if (lim - pos >= k) {
            return lim - pos;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
        }
        while (lim < k && !eof) {
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }
        return lim - pos;
    }

    /** The buffered byte {@code i} places ahead, after a {@link #peek} that buffered it. */
    int peekByte(int i) {
        return buf[pos + i] & 0xff;
    }

    /** Reads up to {@code len} bytes into {@code dst}; returns how many (fewer only at the end of the stream). */
    int readFully(byte[] dst, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            if (pos == lim && !refill()) {
                break;
            }
            int k = Math.min(lim - pos, len - done);
            System.arraycopy(buf, pos, dst, off + done, k);
            pos += k;
            done += k;
        }
        return done;
    }

    /** Skips up to {@code n} bytes; returns how many (fewer only at the end of the stream). */
    long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (pos == lim && !refill()) {
                break;
            }
            int k = (int) Math.min(lim - pos, n - done);
            pos += k;
            done += k;
        }
        return done;
    }

    /** A view of the next {@code n} bytes; reading it advances this reader. */
    InputStream limited(long n) {
        return new InputStream() {
            private long left = n;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = PickleInput.this.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                int got = readFully(dst, off, (int) Math.min(len, Math.min(left, BUFFER)));
                if (got == 0) {
                    return -1;
                }
                left -= got;
                return got;
            }
        };
    }
}
