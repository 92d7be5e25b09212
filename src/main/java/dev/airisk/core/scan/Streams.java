package dev.airisk.core.scan;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Locale;

/** Small stream helpers for the scanner. */
final class Streams {
    private Streams() {
    }

    /** The bytes already read followed by the rest of the stream. */
    static InputStream concat(byte[] head, InputStream rest) {
        if (head.length == 0) {
            return rest;
        }
        return new SequenceInputStream(new ByteArrayInputStream(head), new NonClosing(rest));
    }

    /** Reads to the end into a reused buffer; returns how many bytes there were. */
    static long drain(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
            total += n;
        }
        return total;
    }

    /** The lower-case extension of the last name in a path ({@code a/b.PKL} gives {@code .pkl}), or "". */
    static String ext(String name) {
        int slash = Math.max(name.lastIndexOf('/'), Math.max(name.lastIndexOf('\\'), name.lastIndexOf('!')));
        String base = name.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        return dot <= 0 ? "" : base.substring(dot).toLowerCase(Locale.ROOT);
    }

    /** The last name in a path. */
    static String baseName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), Math.max(name.lastIndexOf('\\'), name.lastIndexOf('!')));
        return name.substring(slash + 1);
    }

    /** Counts the bytes read through it. */
    static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            if (s > 0) {
                count += s;
            }
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Ignores close, so a reader handed the stream cannot close what it does not own. */
    static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
        }
    }
}
