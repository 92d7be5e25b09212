package dev.airisk.adapters.archive;

import dev.airisk.core.AiriskException.InvalidInput;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Holds an archive entry to the size its header states: more bytes (a lying header, a zip bomb) or
 * fewer (a truncated archive) end the read with InvalidInput instead of passing silently.
 */
final class ExactSizeInputStream extends FilterInputStream {
    private final long size;
    private final String what;
    private long count;

    /** @param what the entry, for messages: {@code entry 'x' in model.zip} */
    ExactSizeInputStream(InputStream in, long size, String what) {
        super(in);
        this.size = size;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        counted(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long oneBeyond = Math.max(size - count, 0) + 1;
        int n = in.read(b, off, (int) Math.min(len, oneBeyond));
        counted(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void counted(int n) {
        if (n < 0) {
            if (count < size) {
                throw new InvalidInput(what + " ends after " + count + " of its " + size + " bytes",
                        "the archive is truncated or damaged; re-create it");
            }
            return;
        }
        count += n;
        if (count > size) {
            throw new InvalidInput(what + " holds more bytes than its header states (" + size + ")",
                    "the archive is damaged or hostile; re-create it from the model folder");
        }
    }
}
