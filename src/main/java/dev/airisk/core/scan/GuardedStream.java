package dev.airisk.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * A container member's bytes: counts them, turns the container's read errors into a {@link Failure},
 * and stops at more than {@link Scanner#MAX_TOTAL} inflated by the whole scan, at more than the bytes
 * the container declares, or at an expansion beyond the ratio.
 */
final class GuardedStream extends InputStream {
    /** A container (zip, zlib, gzip, tar) broke or turned out to be a bomb; only its own handler catches it. */
    static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;
        /** The stream that failed: a handler rethrows a failure of an outer container. */
        final transient Object owner;
        final boolean bomb;

        Failure(Object owner, String message, boolean bomb) {
            super(message, null);
            this.owner = owner;
            this.bomb = bomb;
        }
    }

    /** The bytes every container of one scan has inflated so far. */
    static final class Total {
        long inflated;
    }

    private final Total total;
    private final InputStream src;
    private final LongSupplier packedSoFar;
    private final long ratio;
    private final String kind;
    private final long limit;
    long count;
    private final byte[] one = new byte[1];
    private byte[] skipping;
    private Failure failed;

    /** {@code packedSoFar}: the compressed bytes behind what was read; {@code limit}: the most bytes the container declares. */
    GuardedStream(Total total, InputStream src, LongSupplier packedSoFar, long ratio, String kind, long limit) {
        this.total = total;
        this.src = src;
        this.packedSoFar = packedSoFar;
        this.ratio = ratio;
        this.kind = kind;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failed != null) {
            throw failed;
        }
        int n;
        try {
            n = src.read(b, off, len);
        } catch (Failure f) {
            throw f;
        } catch (IOException e) {
            failed = new Failure(this, kind + " data: " + e.getMessage(), false);
            throw failed;
        }
        if (n > 0) {
            count += n;
            total.inflated += n;
            long packed = Math.max(1, packedSoFar.getAsLong());
            if (count > limit) {
                failed = new Failure(this, "entry holds more than the " + limit + " bytes its header declares", false);
            } else if (total.inflated > Scanner.MAX_TOTAL) {
                failed = new Failure(this, "more than 64 GiB uncompressed in all", true);
            } else if (count > Scanner.RATIO_FLOOR && count / packed > ratio) {
                failed = new Failure(this, "expands more than " + ratio + ":1 (" + count + " bytes from " + packed + ")", true);
            }
            if (failed != null) {
                throw failed;
            }
        }
        return n;
    }

    /** Skipping reads (and so counts and checks) every byte skipped. */
    @Override
    public long skip(long n) throws IOException {
        if (skipping == null) {
            skipping = new byte[64 << 10];
        }
        long done = 0;
        while (done < n) {
            int r = read(skipping, 0, (int) Math.min(skipping.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }
}
