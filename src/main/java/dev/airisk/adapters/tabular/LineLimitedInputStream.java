package dev.airisk.adapters.tabular;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes bytes through and fails with {@link LineTooLong} once a line grows past {@code max} bytes. */
final class LineLimitedInputStream extends FilterInputStream {
    private final long max;
    private long inLine;
    private long line = 1;

    LineLimitedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        for (int i = off; i < off + Math.max(n, 0); i++) {
            count(b[i]);
        }
        return n;
    }

    private void count(byte b) throws LineTooLong {
        if (b == '\n') {
            line++;
            inLine = 0;
        } else if (++inLine > max) {
            throw new LineTooLong(line);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
